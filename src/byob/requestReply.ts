/**
 * Recipe (b), "Bring your own backend" in README.md: an API in the
 * asynchronous request-reply style (202 + `Location` + `Retry-After`, the
 * status polled at `Location`, then 200 with the result or 303 to it),
 * with configuration alone. In an app, import from 'redux-export-jobs/rest'.
 */
import type { ExportTransport } from '../index';
import { createRestTransport, requestReply } from '../rest';
import type { RestTransportOptions } from '../rest';

/** `more`: where files go in tests (`saveFile`). */
export const reportExports = (baseUrl: string, token: () => string, more: Partial<RestTransportOptions> = {}): ExportTransport =>
  // configuration: begins
  createRestTransport({
    baseUrl,
    ...requestReply({ start: 'POST /api/reports', cancel: 'DELETE' }),
    auth: { headers: () => ({ Authorization: `Bearer ${token()}` }) },
    ...more,
  });
// configuration: ends
