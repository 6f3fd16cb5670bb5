/**
 * One push subscription of one job, as every adapter needs it: events are
 * passed on until the first terminal one (a second completion is dropped
 * here, and would be harmless anyway: the engine claims before it downloads,
 * docs/design.md#claim-protocol), a throwing listener never ends it, and
 * `ended` settles once: on the terminal event, when the adapter gives up
 * (`end()`), or when `signal` aborts. A settled `ended` tells the engine to
 * poll whatever is left (docs/design.md#watch-engine).
 */
import { isTerminalStatus } from '../model/jobStatus';
import type { JobEvent, JobSnapshot, JobStatus } from '../model/types';

export interface PushSession {
  readonly jobId: string;
  /** True once ended: nothing more is passed on. */
  readonly done: boolean;
  /** Passes `event` on unless the session is done; a terminal event ends it. */
  emit(event: JobEvent): void;
  /** Ends the session (the channel gave up): the engine polls from here. */
  end(): void;
  /** Settles once the session has ended. Never rejects. */
  readonly ended: Promise<void>;
}

/** The event type a status stands for. */
export function eventTypeOf(status: JobStatus): JobEvent['type'] {
  return isTerminalStatus(status) ? status : 'progress';
}

/** A snapshot as the event it stands for. */
export function eventOf(job: JobSnapshot): JobEvent {
  return { type: eventTypeOf(job.status), job };
}

export function createPushSession(jobId: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): PushSession {
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  let done = false;
  const end = (): void => {
    if (done) return;
    done = true;
    signal.removeEventListener('abort', end);
    finish();
  };
  if (signal.aborted) end();
  else signal.addEventListener('abort', end, { once: true });
  return {
    jobId,
    get done() {
      return done;
    },
    emit(event) {
      if (done || event.job.id !== jobId) return;
      try {
        onEvent(event);
      } catch {
        // A throwing listener must not end the subscription.
      }
      if (event.type !== 'progress') end();
    },
    end,
    ended,
  };
}
