import { InvalidResponseError } from '../errors/InvalidResponseError';
import { readJobFields } from './jobShape';
import { readObject, ShapeError } from './jsonShape';
import type { JobSnapshot } from '../model/types';

/**
 * Checks what a transport answered, cutting long texts to the sizes storage
 * keeps. Throws `InvalidResponseError` when it is not a job snapshot, or not
 * the one asked about.
 *
 * @example
 * const job = parseJobSnapshot(await response.json(), 'job-1')
 */
export function parseJobSnapshot(value: unknown, expectedId?: string): JobSnapshot {
  let job: JobSnapshot;
  try {
    job = readJobFields(readObject(value), '', 'cut');
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new InvalidResponseError(`The server's answer is not a valid export job${error.path ? ` (${error.path})` : ''}`);
  }
  if (expectedId !== undefined && job.id !== expectedId) {
    throw new InvalidResponseError(`The server answered about job ${job.id}, not ${expectedId}`);
  }
  return job;
}
