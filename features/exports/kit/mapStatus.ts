import { InvalidResponseError } from '../errors/InvalidResponseError';
import type { JobStatus } from '../model/types';

/**
 * A reader of the backend's status names: every name listed, in this
 * library's words. A name not in the table is an `invalid_response`
 * naming it, not a guess.
 *
 * @example
 * const toStatus = mapStatus({ queued: 'pending', processing: 'running', done: 'completed', error: 'failed' });
 * readJob: (body) => ({ status: toStatus(body.state) })
 */
export function mapStatus<Name extends string>(table: Readonly<Record<Name, JobStatus>>): (value: unknown) => JobStatus {
  return (value) => {
    if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)) return table[value as Name];
    throw new InvalidResponseError(`Unknown export status ${JSON.stringify(value)}; known: ${Object.keys(table).join(', ')}`);
  };
}
