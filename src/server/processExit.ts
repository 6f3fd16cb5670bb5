/**
 * How the server's processes (`main.ts`, the scale-out worker) end: on
 * SIGINT or SIGTERM they run their own stop, and exit 0 once it is done,
 * or 1 (with the error printed) if it fails.
 */

/** Calls `stop` with the signal's name on SIGINT and SIGTERM. */
export function onStopSignals(stop: (signal: 'SIGINT' | 'SIGTERM') => void): void {
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Exits 0 once `work` is done (after `onDone`), 1 if it fails. */
export function exitWhenDone(work: Promise<unknown>, onDone?: () => void): void {
  work.then(
    () => {
      onDone?.();
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
