/** Small helpers of the export runner (`exportRunner.ts`). */

/** Resolves on `drain`; rejects on the stream's error or the signal's abort, and removes its listeners either way. */
export function waitDrain(stream: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.removeListener('drain', onDrain);
      stream.removeListener('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** 1.5 KiB, 3.2 MiB: for progress messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

