/** The finished export as a real ZIP (yazl): a manifest and an annotations file. */
import yazl from 'yazl';
import type { ForeignJob } from './foreignJobs';

export function exportZip(job: ForeignJob): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(job.createdAt);
  zip.addBuffer(Buffer.from(JSON.stringify({ jobId: job.jobId, projectId: job.projectId, options: job.options }, null, 2)), 'manifest.json', { mtime });
  for (const format of job.options.annotationFormats) {
    zip.addBuffer(Buffer.from(`annotations of ${job.projectId} as ${format}\n`), `annotations/${format}.txt`, { mtime });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The file name the download's `Content-Disposition` gives. */
export function exportFileName(job: ForeignJob): string {
  return `${job.projectId}-export-${job.jobId.slice(0, 8)}.zip`;
}
