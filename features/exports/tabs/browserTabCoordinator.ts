/**
 * The tab coordinator of a real page (docs/design.md#tabs): the browser's
 * Web Locks, localStorage and, where there is one, BroadcastChannel, put
 * together by `createTabCoordinator`.
 */
import { createTabCoordinator } from './createTabCoordinator';
import type { ChannelLike, LockManagerLike, SyncStorageLike, TabCoordinator } from './types';

/**
 * A coordinator over the browser's Web Locks, localStorage and (where there
 * is one) BroadcastChannel; `undefined` where the page lacks locks or
 * localStorage (the listeners then run each tab on its own). Its channel
 * opens at once, so that news from other tabs is held until the store
 * listens; `close()` shuts it (`createExportsStore`'s `dispose` does).
 *
 * @example
 * // an app with its own store
 * import { browserTabCoordinator } from 'redux-export-jobs/store';
 * registerExportsListeners(startAppListening, { transport, tabs: browserTabCoordinator() });
 */
export function browserTabCoordinator(key?: string): TabCoordinator | undefined {
  try {
    const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
    const storage = (globalThis as { localStorage?: SyncStorageLike }).localStorage;
    if (!nav?.locks || !storage) return undefined;
    const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
    return createTabCoordinator({ locks: nav.locks, storage, key, channel: Channel ? (name) => new Channel(name) : undefined });
  } catch {
    return undefined;
  }
}
