/**
 * The one channel the tabs share (docs/design.md#tabs): a BroadcastChannel
 * named `<key>:downloads:jobs`, opened lazily (the coordinator opens it at
 * once, so news that comes before the store listens is held), never
 * reopened once closed. Its messages are untrusted (another tab may run
 * another version of the app) and go to the channel's two users by shape:
 * `{ jobId, snapshot }` to the watch leader's followers (`watchLeader.ts`),
 * `{ shared }` to the job news (`jobNews.ts`), which checks it further.
 */
import { attempt, readObject } from '../shapes/jsonShape';
import type { JobSnapshot } from '../model/types';
import type { ChannelLike } from './types';

/** Where the channel's messages go. */
export interface TabChannelRoutes {
  /** A snapshot the leading tab published for `jobId`. */
  snapshot(jobId: string, snapshot: JobSnapshot): void;
  /** The `shared` field of any other message, unchecked. */
  shared(value: unknown): void;
}

export interface TabChannel {
  /** The channel, opened on first call; `undefined` without a channel factory or once closed. */
  open(): ChannelLike | undefined;
  /** Stops listening and closes the channel for good. */
  close(): void;
}

export function createTabChannel(
  name: string,
  factory: ((name: string) => ChannelLike) | undefined,
  routes: TabChannelRoutes,
): TabChannel {
  let channel: ChannelLike | undefined;
  let closed = false;

  const onMessage = (event: { data: unknown }): void => {
    const data: { jobId?: unknown; snapshot?: unknown; shared?: unknown } | undefined = attempt(readObject, event.data);
    if (!data) return;
    if (typeof data.jobId === 'string' && data.snapshot) {
      routes.snapshot(data.jobId, data.snapshot as JobSnapshot);
      return;
    }
    routes.shared(data.shared);
  };

  return {
    open: () => {
      if (channel || closed || !factory) return channel;
      channel = factory(name);
      (channel as { unref?: () => void }).unref?.();
      channel.addEventListener('message', onMessage);
      return channel;
    },
    close: () => {
      closed = true;
      channel?.removeEventListener?.('message', onMessage);
      channel?.close();
      channel = undefined;
    },
  };
}
