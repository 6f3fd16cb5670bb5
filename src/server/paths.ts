import { join } from 'node:path';
import { isJobId } from './ids';

/**
 * Where a job's files live: `<dataDir>/<jobId>/`. Ids are server-made and
 * checked against a strict pattern before they touch a path; user-supplied
 * file names never do (they only go into `Content-Disposition`).
 */
export function jobDir(dataDir: string, id: string): string {
  if (!isJobId(id)) throw new Error('refusing a path for an invalid job id');
  return join(dataDir, id);
}

export const ZIP_NAME = 'export.zip';

export function jobZipPath(dataDir: string, id: string): string {
  return join(jobDir(dataDir, id), ZIP_NAME);
}
