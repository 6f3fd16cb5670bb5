/**
 * The shared job news (`jobNews.ts`, docs/design.md#tabs) on its own: what
 * another tab announces while no store listens (one not yet rehydrated) is
 * held, the last of each kind per job, bounded, and handed to the next
 * listener in the order it came. Tabs talk over the in-memory channel.
 */
import type { ExportJob } from '../model/types';
import { createMemoryChannelHub } from '../testSupport/memoryChannel';
import { createJobNews, HELD_NEWS_LIMIT } from './jobNews';
import type { SharedJobEvent } from './types';

const job = (id: string, progress = 0): ExportJob => ({
  id,
  scope: 'p',
  status: 'running',
  progress,
  warnings: [],
  autoDownload: true,
  createdAt: 1,
  updatedAt: 2,
});

/** A tab's news over a fresh hub, and what a listener of it heard. */
function newsOfOneTab() {
  const hub = createMemoryChannelHub();
  const channel = hub.open('jobs', 1);
  const news = createJobNews(() => channel);
  const heard: SharedJobEvent[] = [];
  const listen = () => news.onShared((event) => heard.push(event));
  return { hub, news, heard, listen };
}

test('news that comes before anyone listens is handed to the first listener, in the order it came, and only to it', () => {
  const { news, heard, listen } = newsOfOneTab();
  news.receive({ type: 'added', job: job('a') });
  news.receive({ type: 'dismissed', id: 'b' });
  news.receive({ type: 'cancelRequested', id: 'a' });
  expect(heard).toEqual([]);
  const stop = listen();
  expect(heard).toEqual([
    { type: 'added', job: job('a') },
    { type: 'dismissed', id: 'b' },
    { type: 'cancelRequested', id: 'a' },
  ]);
  stop();
  const later: SharedJobEvent[] = [];
  news.onShared((event) => later.push(event));
  expect(later).toEqual([]); // handed once
});

test('held news keeps the last of each kind per job: a newer announcement replaces an older one and moves to the end', () => {
  const { news, heard, listen } = newsOfOneTab();
  news.receive({ type: 'added', job: job('a', 10) });
  news.receive({ type: 'dismissed', id: 'b' });
  news.receive({ type: 'added', job: job('a', 40) });
  news.receive({ type: 'cancelRequested', id: 'a' }); // another kind: does not replace the job
  listen();
  expect(heard).toEqual([
    { type: 'dismissed', id: 'b' },
    { type: 'added', job: job('a', 40) },
    { type: 'cancelRequested', id: 'a' },
  ]);
});

test(`held news is bounded: past ${HELD_NEWS_LIMIT} the oldest goes`, () => {
  const { news, heard, listen } = newsOfOneTab();
  for (let i = 0; i < HELD_NEWS_LIMIT + 5; i += 1) news.receive({ type: 'dismissed', id: `job-${i}` });
  listen();
  expect(heard).toHaveLength(HELD_NEWS_LIMIT);
  expect(heard[0]).toEqual({ type: 'dismissed', id: 'job-5' });
  expect(heard.at(-1)).toEqual({ type: 'dismissed', id: `job-${HELD_NEWS_LIMIT + 4}` });
});

test('malformed news is neither held nor handed to a listener', () => {
  const { news, heard, listen } = newsOfOneTab();
  news.receive({ type: 'added', job: { id: 'x', token: 'secret' } });
  news.receive({ type: 'dismissed', id: 42 });
  news.receive('dismissed');
  listen();
  news.receive({ type: 'removed', id: 'y' });
  expect(heard).toEqual([]);
});

test('news that comes while a store listens is not held for the next one', () => {
  const { news, heard, listen } = newsOfOneTab();
  const stop = listen();
  news.receive({ type: 'dismissed', id: 'a' });
  expect(heard).toEqual([{ type: 'dismissed', id: 'a' }]);
  stop();
  const next: SharedJobEvent[] = [];
  news.onShared((event) => next.push(event));
  expect(next).toEqual([]);
});

test('closing forgets the held news', () => {
  const { news, heard, listen } = newsOfOneTab();
  news.receive({ type: 'dismissed', id: 'a' });
  news.close();
  listen();
  expect(heard).toEqual([]);
});

test('a share the channel cannot carry is dropped without throwing; the other tabs get the ones it can', async () => {
  const { hub, news } = newsOfOneTab();
  const other = hub.open('jobs', 2);
  const received: unknown[] = [];
  other.addEventListener('message', (event) => received.push(event.data));
  const uncloneable = { ...job('a'), label: (() => 'x') as unknown as string };
  expect(() => news.share({ type: 'added', job: uncloneable })).not.toThrow();
  news.share({ type: 'dismissed', id: 'b' });
  await new Promise((resolve) => setTimeout(resolve, 0)); // the hub delivers in a later task
  expect(received).toEqual([{ shared: { type: 'dismissed', id: 'b' } }]);
});
