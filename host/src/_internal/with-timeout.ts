/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T> | T,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; onTimeout: () => Error },
): Promise<T> {
  const controller = new AbortController();
  const outer = options.signal;
  if (outer?.aborted) return Promise.reject(outer.reason);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      controller.abort(outer?.reason);
      reject(outer?.reason);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      const error = options.onTimeout();
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
    // A plugin may keep a hung call pending for ever; the timer must not keep the host alive.
    timer.unref?.();
    outer?.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => run(controller.signal))
      .then(
        (value) => {
          if (settled) return;
          finish();
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          reject(error);
        },
      );
  });
}
