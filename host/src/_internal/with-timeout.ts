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

/** What {@link withTimeout} needs besides the work. */
export interface TimeoutOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  clock?: DeadlineClock | undefined;
  onTimeout: () => Error;
}

/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the system's timers.
 *
 * Work that returns a value rather than a promise (a synchronous handler) is settled at once:
 * its deadline is cancelled before anything waits on it, and no promise is built around it but
 * the one returned. That was 2 us of a 4.5 us `host.execute` that follows other work (host-call
 * bench, machine B): the extra promise, its five closures and the reactions of each call.
 */
export function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T> | T,
  options: TimeoutOptions,
): Promise<T> {
  const outer = options.signal;
  if (outer !== undefined) return withTimeoutAndSignal(run, options, outer);
  const controller = new AbortController();
  // Set by the deadline: it may fire while `run` is still running (a manual clock advanced
  // by the work itself), before there is a promise to reject.
  let timedOut: Error | undefined;
  let rejectNow: ((error: Error) => void) | undefined;
  const deadline = armDeadline(
    options.clock ?? systemTimers,
    () => {
      timedOut = options.onTimeout();
      controller.abort(timedOut);
      rejectNow?.(timedOut);
    },
    options.timeoutMs,
  );
  let running: Promise<T> | T;
  try {
    running = run(controller.signal);
  } catch (error) {
    deadline.cancel();
    return Promise.reject(timedOut ?? error);
  }
  if (timedOut !== undefined) return Promise.reject(timedOut);
  if (!isThenable(running)) {
    deadline.cancel();
    return Promise.resolve(running);
  }
  const work = running;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    rejectNow = (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    Promise.resolve(work).then(
      (value) => {
        if (settled) return;
        settled = true;
        deadline.cancel();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        deadline.cancel();
        reject(error);
      },
    );
  });
}

/** {@link withTimeout} with an outer signal, listened to from before `run` starts. */
function withTimeoutAndSignal<T>(
  run: (signal: AbortSignal) => Promise<T> | T,
  options: TimeoutOptions,
  outer: AbortSignal,
): Promise<T> {
  if (outer.aborted) return Promise.reject(outer.reason);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      deadline.cancel();
      outer.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      controller.abort(outer.reason);
      reject(outer.reason);
    };
    const deadline = armDeadline(
      options.clock ?? systemTimers,
      () => {
        if (settled) return;
        finish();
        const error = options.onTimeout();
        controller.abort(error);
        reject(error);
      },
      options.timeoutMs,
    );
    outer.addEventListener('abort', onAbort, { once: true });
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

/** Whether `value` would be adopted by a promise resolved with it (it has a `then` method). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
