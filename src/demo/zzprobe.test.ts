import { resolve } from 'node:path';
import { request } from 'node:http';
import { startBrowserServer } from './browserServer';
import { createFileFaults } from './fileFaults';
test('probe', async () => {
  const bs = await startBrowserServer(resolve('/work/wt-delivery/dist/demo'), { stageDelayMs: 50 });
  const faults = createFileFaults();
  bs.intercept = faults.intercept;
  const res = await fetch(`${bs.baseUrl}/api/exports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'x', params: { size: 2_000_000, compress: false } }) });
  const job = await res.json() as { id: string };
  for (;;) { const s = await (await fetch(`${bs.baseUrl}/api/exports/${job.id}`)).json() as {status: string}; if (s.status === 'completed') break; await new Promise(r => setTimeout(r, 100)); }
  const link = await (await fetch(`${bs.baseUrl}/api/exports/${job.id}/link`, { method: 'POST' })).json() as { url: string };
  faults.next.push({ kind: 'slow', msPerChunk: 100 });
  const t0 = Date.now();
  const marks: number[] = [];
  await new Promise<void>((done) => request(link.url, (r) => { let n = 0; r.on('data', (c: Buffer) => { n += c.length; marks.push(Date.now() - t0); }); r.on('end', () => { console.log(n, marks.length, marks.slice(0, 5), marks.at(-1)); done(); }); }).end());
  await bs.server.close();
}, 30000);
