/**
 * An app that already uses RTK Query (for the bundle figure "added when the
 * app already has that data layer"): a `createApi` with one query endpoint
 * read by a component, in a store with its middleware and `setupListeners`.
 * Only bundled, never run.
 */
import { configureStore } from '@reduxjs/toolkit';
import { createApi, fetchBaseQuery, setupListeners } from '@reduxjs/toolkit/query/react';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';

const profileApi = createApi({
  reducerPath: 'profileApi',
  baseQuery: fetchBaseQuery({ baseUrl: '/api' }),
  endpoints: (build) => ({
    getProfile: build.query<{ name: string }, void>({ query: () => '/profile' }),
    saveProfile: build.mutation<{ name: string }, { name: string }>({ query: (body) => ({ url: '/profile', method: 'PUT', body }) }),
  }),
});

const store = configureStore({
  reducer: { [profileApi.reducerPath]: profileApi.reducer },
  middleware: (getDefault) => getDefault().concat(profileApi.middleware),
});
setupListeners(store.dispatch);

function Profile(): ReactElement {
  const { data } = profileApi.useGetProfileQuery(undefined, { pollingInterval: 60_000 });
  const [save] = profileApi.useSaveProfileMutation();
  return <button onClick={() => void save({ name: 'x' })}>{data?.name}</button>;
}

export function mount(): void {
  createRoot(document.createElement('div')).render(
    <Provider store={store}>
      <Profile />
    </Provider>,
  );
}
