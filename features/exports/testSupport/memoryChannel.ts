/**
 * An in-memory `BroadcastChannel` for tests where tabs are stores in one
 * process. Like the browser's, a message goes to every other open channel
 * of the same name (never back to its sender), structured-cloned, later:
 * here in a `setTimeout(0)`, so that under fake timers delivery is
 * deterministic (one FIFO queue, drained when the clock moves) and a test
 * can let commands run before the news arrives. A channel closed before
 * delivery gets nothing; one opened after the post does not get it either.
 */
import type { ChannelLike } from '../tabs/createTabCoordinator';

type Listener = (event: { data: unknown }) => void;

interface Endpoint {
  name: string;
  /** Who the channel belongs to (a tab number), told to `onDeliver`. */
  owner: number;
  listeners: Set<Listener>;
  closed: boolean;
}

export interface MemoryChannelHub {
  /** Opens a channel for `owner`: pass `(name) => hub.open(name, tab)` as a coordinator's `channel`. */
  open(name: string, owner: number): ChannelLike;
  /** Messages posted and not yet delivered (or dropped); only those `which` accepts, when given. */
  pending(which?: (data: unknown) => boolean): number;
  /** Channels opened and not closed. */
  openChannels(): number;
  /** Listeners still added to any channel ever opened, closed ones included. */
  listeners(): number;
  /** Messages posted so far. */
  posted(): number;
  /** Errors thrown by listeners (the browser reports them; a test should fail on them). */
  errors: unknown[];
}

export function createMemoryChannelHub(options: { onDeliver?: (owner: number, data: unknown) => void } = {}): MemoryChannelHub {
  const endpoints = new Set<Endpoint>();
  const queue: Array<{ to: Endpoint; data: unknown }> = [];
  const errors: unknown[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let posted = 0;

  const drain = (): void => {
    timer = undefined;
    // What is queued now goes now; what these deliveries post waits for the next turn (one task per message).
    for (const { to, data } of queue.splice(0, queue.length)) {
      if (to.closed) continue;
      options.onDeliver?.(to.owner, data);
      for (const listener of [...to.listeners]) {
        try {
          listener({ data });
        } catch (error) {
          errors.push(error);
        }
      }
    }
    schedule();
  };
  const schedule = (): void => {
    if (timer === undefined && queue.length > 0) timer = setTimeout(drain, 0);
  };

  return {
    errors,
    pending: (which) => (which ? queue.filter((item) => which(item.data)).length : queue.length),
    openChannels: () => [...endpoints].filter((e) => !e.closed).length,
    listeners: () => [...endpoints].reduce((n, e) => n + e.listeners.size, 0),
    posted: () => posted,
    open(name, owner) {
      const self: Endpoint = { name, owner, listeners: new Set(), closed: false };
      endpoints.add(self);
      return {
        postMessage(message: unknown) {
          if (self.closed) throw Object.assign(new Error('BroadcastChannel is closed'), { name: 'InvalidStateError' });
          posted += 1;
          for (const to of endpoints) {
            if (to !== self && !to.closed && to.name === name) queue.push({ to, data: structuredClone(message) });
          }
          schedule();
        },
        addEventListener: (_type, listener) => void self.listeners.add(listener),
        removeEventListener: (_type, listener) => void self.listeners.delete(listener),
        close() {
          self.closed = true;
        },
      };
    },
  };
}
