import { LazySignal } from '../executor/plugin-runtime.js';
import type { Clock } from '../services/host-services.js';
import { sharedDeadlines } from '../services/node/deadlines.js';

type DeadlineClock = Pick<Clock, 'setTimeout' | 'clearTimeout' | 'deadline'>;

const systemTimers: DeadlineClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  deadline: (fire, ms) => sharedDeadlines().add(fire, ms),
};

/** A deadline from the clock's own `deadline` when it has one, else from its timers. */
function armDeadline(
  clock: DeadlineClock,
  fire: () => void,
  ms: number,
): { cancel(): void; hold?(): void } {
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

/** What the work of {@link withTimeout} is handed: its signal, made when first read. */
export interface TimedWork {
  /** Aborts when the deadline or the outer signal fires. */
  readonly signal: AbortSignal;
}

/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the system's timers.
 *
 * Work that returns a value rather than a thenable (a synchronous handler) is returned as it
 * is, once its deadline is cancelled: no promise is built for it, so its caller can finish the
 * call without a microtask hop. Anything else comes back as a promise. The work's signal is
 * built only when the work reads it ({@link LazySignal}). A caller on a hot path extends
 * {@link TimedRun} instead, so a run is one object rather than a closure per part.
 */
export function withTimeout<T>(
  run: (work: TimedWork) => Promise<T> | T,
  options: TimeoutOptions,
): Promise<T> | T {
  return new FunctionRun(run, options.onTimeout).start(
    options.timeoutMs,
    options.signal,
    options.clock,
  );
}

/**
 * One run of work under a deadline and an optional outer signal ({@link withTimeout} says how
 * it ends). Its state is one object: it is also the outer signal's listener (`handleEvent`)
 * and the work's signal, made only if the work reads it. A subclass says what the work is and
 * what its timeout error is.
 */
export abstract class TimedRun<T> extends LazySignal implements TimedWork {
  /** Why the run ended before its work did (deadline or outer signal), once it has. */
  #failure: { readonly error: unknown } | undefined;
  /** Rejects the caller's promise, once there is one. */
  #reject: ((error: unknown) => void) | undefined;
  #deadline: { cancel(): void; hold?(): void } | undefined;
  #outer: AbortSignal | undefined;

  /** The work itself; it may read `this.signal`. */
  protected abstract work(): Promise<T> | T;

  /** The error the run ends with when its deadline fires. */
  protected abstract timeoutError(): Error;

  /** Starts the work under a deadline of `timeoutMs` on `clock`, and `outer` if given. */
  start(timeoutMs: number, outer: AbortSignal | undefined, clock: DeadlineClock | undefined) {
    if (outer?.aborted) return Promise.reject(outer.reason);
    this.#outer = outer;
    this.#deadline = armDeadline(clock ?? systemTimers, this.#expire, timeoutMs);
    outer?.addEventListener('abort', this, { once: true });
    let running: Promise<T> | T;
    try {
      running = this.work();
    } catch (error) {
      this.#release();
      return Promise.reject(this.#failure === undefined ? error : this.#failure.error);
    }
    // The deadline or the outer signal may have fired while the work ran (a manual clock
    // advanced by the work itself), before there was a promise to reject: that ending wins.
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (!isThenable(running)) {
      this.#release();
      return running;
    }
    return this.#later(running);
  }

  #later(work: PromiseLike<T>): Promise<T> {
    // The work goes on past this turn: its deadline now keeps the process alive.
    this.#deadline?.hold?.();
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      Promise.resolve(work).then(
        (value) => {
          if (this.#failure !== undefined) return;
          this.#release();
          resolve(value);
        },
        (error: unknown) => {
          if (this.#failure !== undefined) return;
          this.#release();
          reject(error);
        },
      );
    });
  }

  /** The deadline fired. An arrow field: the one function a run hands its deadline. */
  readonly #expire = (): void => {
    this.#fail(this.timeoutError());
  };

  /** The outer signal aborted. */
  handleEvent(): void {
    this.#fail(this.#outer?.reason);
  }

  /** Ends the run with `error`, the first time only: the work's signal aborts with it too. */
  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { error };
    this.#release();
    this.abort(error);
    this.#reject?.(error);
  }

  /** Drops the deadline and the outer listener: the run has ended one way or the other. */
  #release(): void {
    this.#deadline?.cancel();
    this.#outer?.removeEventListener('abort', this);
  }
}

/** The run of {@link withTimeout}: a function and its timeout error. */
class FunctionRun<T> extends TimedRun<T> {
  readonly #run: (work: TimedWork) => Promise<T> | T;
  readonly #onTimeout: () => Error;

  constructor(run: (work: TimedWork) => Promise<T> | T, onTimeout: () => Error) {
    super();
    this.#run = run;
    this.#onTimeout = onTimeout;
  }

  protected work(): Promise<T> | T {
    return this.#run(this);
  }

  protected timeoutError(): Error {
    return this.#onTimeout();
  }
}

/** Whether `value` would be adopted by a promise resolved with it (it has a `then` method). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
