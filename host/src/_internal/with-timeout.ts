import type { Clock } from '../services/host-services.js';

const systemTimers: Pick<Clock, 'setTimeout' | 'clearTimeout'> = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the global timers.
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T> | T,
  options: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'> | undefined;
    onTimeout: () => Error;
  },
): Promise<T> {
  const controller = new AbortController();
  const outer = options.signal;
  const clock = options.clock ?? systemTimers;
  if (outer?.aborted) return Promise.reject(outer.reason);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      clock.clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      controller.abort(outer?.reason);
      reject(outer?.reason);
    };
    const timer = clock.setTimeout(() => {
      if (settled) return;
      finish();
      const error = options.onTimeout();
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
    // The timer stays referenced: at isolation `none` a handler awaiting a promise that never
    // settles leaves nothing else on the event loop, and the deadline must still fire
    // (PLUGIN_TIMEOUT, not an exit with an unsettled await). It is cleared on settling, so it
    // holds the process for at most the deadline.
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
