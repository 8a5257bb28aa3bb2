import type { Clock } from '../services/host-services.js';
import { Deadlines } from '../services/node/deadlines.js';

type DeadlineClock = Pick<Clock, 'setTimeout' | 'clearTimeout' | 'deadline'>;

let systemDeadlines: Deadlines | undefined;
const systemTimers: DeadlineClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  deadline: (fire, ms) => {
    systemDeadlines ??= new Deadlines();
    return systemDeadlines.add(fire, ms);
  },
};

/** A deadline from the clock's own `deadline` when it has one, else from its timers. */
function armDeadline(clock: DeadlineClock, fire: () => void, ms: number): { cancel(): void } {
  if (clock.deadline !== undefined) return clock.deadline(fire, ms);
  // A plain timer stays referenced: at isolation `none` a handler awaiting a promise that
  // never settles leaves nothing else on the event loop, and the deadline must still fire
  // (PLUGIN_TIMEOUT, not an exit with an unsettled await). It is cleared on settling, so it
  // holds the process for at most the deadline. (`Deadlines` keeps the same rule.)
  const timer = clock.setTimeout(fire, ms);
  return { cancel: () => clock.clearTimeout(timer) };
}

/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the system's timers.
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T> | T,
  options: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    clock?: DeadlineClock | undefined;
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
      deadline.cancel();
      outer?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      controller.abort(outer?.reason);
      reject(outer?.reason);
    };
    const deadline = armDeadline(
      clock,
      () => {
        if (settled) return;
        finish();
        const error = options.onTimeout();
        controller.abort(error);
        reject(error);
      },
      options.timeoutMs,
    );
    outer?.addEventListener('abort', onAbort, { once: true });
    // `run` starts now, with its deadline already armed; a synchronous throw is its rejection.
    let running: Promise<T> | T;
    try {
      running = run(controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    Promise.resolve(running).then(
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
