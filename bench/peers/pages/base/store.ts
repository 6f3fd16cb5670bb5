/** The host app without exports: RTK's configureStore over a redux-persist'ed root (localStorage). */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { FLUSH, PAUSE, PERSIST, persistReducer, persistStore, PURGE, REGISTER, REHYDRATE } from 'redux-persist';
import storage from 'redux-persist/lib/storage';
import { settingsSlice } from '../shell/settingsSlice';

const rootReducer = combineReducers({ [settingsSlice.name]: settingsSlice.reducer });

// redux-persist 6's types predate Redux 5's Reducer; its `_persist` key is its own business.
const persistedReducer = persistReducer({ key: 'base-app', storage }, rootReducer) as unknown as typeof rootReducer;

export const store = configureStore({
  reducer: persistedReducer,
  middleware: (getDefault) => getDefault({ serializableCheck: { ignoredActions: [FLUSH, REHYDRATE, PAUSE, PERSIST, PURGE, REGISTER] } }),
});

export const persistor = persistStore(store);
