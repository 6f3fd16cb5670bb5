/**
 * How both model-based harnesses run and report: settings from the
 * environment, and on failure the shrunk sequence with the one command
 * that replays it.
 *
 * - `HARNESS_RUNS`: random runs (default 120; `npm run test:soak` runs 10,000);
 * - `HARNESS_SEED`: the seed (default: the clock);
 * - `HARNESS_PATH` and `HARNESS_REPLAY_PATH`: replay one failure, as printed.
 *   fast-check needs both: the path picks the run and its shrink, the
 *   replay path the shrink of its command sequence.
 */
import fc from 'fast-check';

export interface HarnessSettings {
  runs: number;
  seed: number;
  path?: string;
  replayPath?: string;
}

export function harnessSettings(env: NodeJS.ProcessEnv = process.env): HarnessSettings {
  return {
    runs: Number(env.HARNESS_RUNS ?? 120),
    seed: env.HARNESS_SEED === undefined ? Date.now() % 2 ** 31 : Number(env.HARNESS_SEED),
    ...(env.HARNESS_PATH ? { path: env.HARNESS_PATH } : {}),
    ...(env.HARNESS_REPLAY_PATH ? { replayPath: env.HARNESS_REPLAY_PATH } : {}),
  };
}

/** `fc.commands` settings of a harness: up to 60 commands a run, and the replay path when replaying. */
export function commandSettings(settings: HarnessSettings) {
  return { maxCommands: 60, size: 'max' as const, ...(settings.replayPath ? { replayPath: settings.replayPath } : {}) };
}

/**
 * Checks `property` with `settings`. On failure, `message` holds the
 * cause, fast-check's report (the shortest failing sequence found, unless
 * `endOnFailure` skips shrinking) and the command that replays it.
 */
export async function checkHarness<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>,
  settings: HarnessSettings,
  testFile: string,
  { endOnFailure = false } = {},
): Promise<{ failed: boolean; message?: string }> {
  const details = await fc.check(property, {
    numRuns: settings.runs,
    seed: settings.seed,
    endOnFailure,
    ...(settings.path ? { path: settings.path } : {}),
  });
  if (!details.failed) return { failed: false };
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const report = fc.defaultReportMessage(details) ?? '';
  const replayPath = /replayPath="([^"]*)"/.exec(report)?.[1];
  const replay =
    `HARNESS_RUNS=${settings.runs} HARNESS_SEED=${settings.seed} HARNESS_PATH="${details.counterexamplePath ?? ''}"` +
    `${replayPath ? ` HARNESS_REPLAY_PATH="${replayPath}"` : ''} npx jest ${testFile}`;
  return { failed: true, message: `${cause}\n${report}\nreplay: ${replay}` };
}
