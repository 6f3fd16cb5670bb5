/**
 * How the slice's events are prepared: stamped with the client's clock,
 * progress auto-batched (RTK), and the `meta` that marks an action applied
 * because another tab announced it (docs/design.md#tabs).
 */
import { SHOULD_AUTOBATCH } from '@reduxjs/toolkit';
import type { Timed } from './actionPayloads';

export const stamp = <P extends Timed>(payload: P): P & { at: number } => ({ ...payload, at: payload.at ?? Date.now() });

/** Progress can arrive many times a second: batch its notifications (RTK auto-batching). */
export const autoBatched = <P extends Timed>(payload: P) => ({
  payload: stamp(payload),
  meta: { [SHOULD_AUTOBATCH]: true } as const,
});
export const timed = <P extends Timed>(payload: P) => ({ payload: stamp(payload) });

/**
 * The `meta` of an action applied because another tab announced it (a job
 * added, cancelled or dismissed there). Such an action is not announced again.
 */
export interface FromOtherTab {
  fromTab: true;
}

/** Like `timed`, with an optional second argument marking an action that came from another tab. */
export const timedFromTab = <P extends Timed>(payload: P, origin?: FromOtherTab): { payload: P & { at: number }; meta: FromOtherTab | undefined } => ({
  payload: stamp(payload),
  meta: origin?.fromTab === true ? { fromTab: true } : undefined,
});

/** True when `action` was applied because another tab announced it. */
export function isFromOtherTab(action: { meta?: unknown }): boolean {
  return (action.meta as Partial<FromOtherTab> | undefined)?.fromTab === true;
}
