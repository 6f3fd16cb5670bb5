/**
 * The host app's store with the RTK Query peer added: the API slice's
 * reducer and middleware, the listener middleware, the persisted exports
 * slice (the API cache is blacklisted), and `setupListeners` (which
 * `skipPollingIfUnfocused` requires, RTK Query docs "Polling").
 */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import { FLUSH, PAUSE, PERSIST, persistReducer, persistStore, PURGE, REGISTER, REHYDRATE } from 'redux-persist';
import storage from 'redux-persist/lib/storage';
import { settingsSlice } from '../shell/settingsSlice';
import { exportsApi } from './exportsApi';
import { exportsSlice } from './exportsSlice';
import { listenerMiddleware } from './listener';

const rootReducer = combineReducers({
  [settingsSlice.name]: settingsSlice.reducer,
  [exportsSlice.name]: exportsSlice.reducer,
  [exportsApi.reducerPath]: exportsApi.reducer,
});

// redux-persist 6's types predate Redux 5's Reducer; its `_persist` key is its own business.
const persistedReducer = persistReducer({ key: 'rtkq-app', storage, blacklist: [exportsApi.reducerPath] }, rootReducer) as unknown as typeof rootReducer;

export const store = configureStore({
  reducer: persistedReducer,
  middleware: (getDefault) =>
    getDefault({ serializableCheck: { ignoredActions: [FLUSH, REHYDRATE, PAUSE, PERSIST, PURGE, REGISTER] } })
      .prepend(listenerMiddleware.middleware)
      .concat(exportsApi.middleware),
});

export const persistor = persistStore(store);
setupListeners(store.dispatch);

export type RootState = ReturnType<typeof store.getState>;
