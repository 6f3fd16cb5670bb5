/**
 * `redux-export-jobs/rtk-query`: a transport made of your own RTK Query
 * endpoints (start mutation, status query, cancel mutation, a link
 * endpoint), so your `baseQuery` does every request: base URL, auth,
 * re-auth. RTK Query comes with `@reduxjs/toolkit`; this entry imports none
 * of it (it calls the endpoints you pass).
 */
export { createRtkQueryTransport } from '../features/exports/rtkQuery/createRtkQueryTransport';
export type { RtkEndpoint, RtkOperation, RtkQueryTransportOptions, RtkRequestHandle, RtkTransportExtras } from '../features/exports/rtkQuery/types';
export type { BackendJob } from '../features/exports/kit/types';
