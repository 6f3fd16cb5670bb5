/**
 * `downloadFile`, the public download half for transports written by hand,
 * against a node:http server: the handover comes right before the file
 * reaches the user, blob mode reports progress and refuses a cut file.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadFile } from './downloadFile';

let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const server = createServer((req, res) => {
    const body = Buffer.alloc(100_000, 7);
    if (req.url === '/cut') {
      res.writeHead(200, { 'Content-Length': String(body.length) });
      res.write(body.subarray(0, 10_000));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.writeHead(200, { 'Content-Length': String(body.length), 'Content-Disposition': "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.zip" });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(() => close());

test('link mode: beforeHandover, then the link to the browser, said as handed over', async () => {
  const steps: string[] = [];
  const result = await downloadFile(
    { url: '/file', baseUrl: url, fileName: '../a.zip', openUrl: (link, name) => void steps.push(`open ${link} as ${name}`) },
    { signal: new AbortController().signal, beforeHandover: async (deliveryId) => void steps.push(`handover ${deliveryId}`) },
  );
  expect(steps).toEqual(['handover undefined', `open ${url}/file as _a.zip`]);
  expect(result).toEqual({ delivery: 'handedOver' });
});

test('blob mode: progress up to the total, the name from filename*, saved after the handover', async () => {
  const steps: string[] = [];
  const progress: number[] = [];
  const result = await downloadFile(
    { url: `${url}/file`, baseUrl: url, mode: 'blob', saveFile: (blob, name) => void steps.push(`save ${name} ${blob.size}`) },
    { signal: new AbortController().signal, onProgress: (loaded) => progress.push(loaded), beforeHandover: async () => void steps.push('handover') },
  );
  expect(result).toEqual({ delivery: 'saved' });
  expect(steps).toEqual(['handover', 'save résumé.zip 100000']);
  expect(progress.at(-1)).toBe(100_000);
});

test('blob mode: a file cut short is a network error, and nothing is saved', async () => {
  const saved: string[] = [];
  await expect(
    downloadFile({ url: `${url}/cut`, baseUrl: url, mode: 'blob', saveFile: (_b, name) => void saved.push(name) }, { signal: new AbortController().signal }),
  ).rejects.toMatchObject({ code: 'network' });
  expect(saved).toEqual([]);
});
