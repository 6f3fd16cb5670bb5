/**
 * The tabs' one channel (`tabChannel.ts`, docs/design.md#tabs) on its own:
 * opened once, on first use, never after close; another tab's messages
 * routed by shape to the watch leader or the job news, anything else
 * dropped without throwing. Tabs talk over the in-memory channel hub.
 */
import { createMemoryChannelHub } from '../testSupport/memoryChannel';
import { createTabChannel } from './tabChannel';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A tab's channel over a fresh hub, with its routes recorded, and another tab to post from. */
function channelOfOneTab() {
  const hub = createMemoryChannelHub();
  const routes = { snapshot: jest.fn(), shared: jest.fn() };
  const factory = jest.fn((name: string) => hub.open(name, 1));
  const channel = createTabChannel('k:downloads:jobs', factory, routes);
  const other = hub.open('k:downloads:jobs', 2);
  return { hub, routes, factory, channel, other };
}

test('the channel opens once, on first use, and not again after close', () => {
  const { hub, factory, channel } = channelOfOneTab();
  expect(factory).not.toHaveBeenCalled();
  const first = channel.open();
  expect(channel.open()).toBe(first);
  expect(factory).toHaveBeenCalledTimes(1);
  expect(factory).toHaveBeenCalledWith('k:downloads:jobs');
  channel.close();
  expect(channel.open()).toBeUndefined();
  expect(factory).toHaveBeenCalledTimes(1);
  expect(hub.openChannels()).toBe(1); // only the other tab's
  expect(hub.listeners()).toBe(0);
});

test('a snapshot goes to the watch leader, anything else\'s `shared` to the job news, and a non-object to neither', async () => {
  const { hub, routes, channel, other } = channelOfOneTab();
  channel.open();
  const snapshot = { id: 'j1', scope: null, status: 'running', progress: 5 };
  for (const message of [{ jobId: 'j1', snapshot }, { shared: { type: 'dismissed', id: 'j2' } }, null, [1], 'hello', 42]) {
    other.postMessage(message);
  }
  await tick();
  expect(hub.errors).toEqual([]);
  expect(routes.snapshot.mock.calls).toEqual([['j1', snapshot]]);
  expect(routes.shared.mock.calls).toEqual([[{ type: 'dismissed', id: 'j2' }]]); // checked further by `jobNews.ts`
});
