/** The peer bench's knobs, in one place (run.ts runs them, table.ts reports them). */
import type { PeerName } from './bundle';
import type { ReloadMoment } from './scenarios';

export const PEERS: readonly PeerName[] = ['ours', 'rtkq', 'tanstack'];
export const TAB_COUNTS = [1, 2, 4] as const;
/** Stage delay of the server for the tabs figure: jobs long enough to open 4 tabs and count their requests. */
export const TABS_STAGE_MS = 3_500;
/** Stage delay of the server for the reload and latency runs. */
export const FAST_STAGE_MS = 300;
export const RELOAD_RUNS: Record<ReloadMoment, number> = { completion: 5, handover: 3 };
/** Stage delay of the server for the latency runs: the job outlasts a reload up to one poll interval after the start. */
export const LATENCY_STAGE_MS = 1_500;
/** When each latency run reloads its page after the start: evenly over one 2 s poll interval. */
export const LATENCY_OFFSETS_MS = [0, 667, 1_333] as const;
