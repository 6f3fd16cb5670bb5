/**
 * Awaits a promise whose work runs on Jest's fake timers (a start the
 * transport failed is retried by the retry policy after a delay): the
 * timers are moved on in steps until it settles, bounded so that a promise
 * that never settles fails the run instead of hanging it.
 */
export async function awaitOnFakeTimers<T>(pending: Promise<T>, stepMs = 500, maxSteps = 120): Promise<T> {
  let settled = false;
  void pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(0);
  for (let i = 0; !settled && i < maxSteps; i++) await jest.advanceTimersByTimeAsync(stepMs);
  if (!settled) throw new Error(`still pending after ${stepMs * maxSteps} ms of fake time`);
  return pending;
}
