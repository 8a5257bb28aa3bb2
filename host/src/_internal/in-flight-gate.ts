import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import { SETTLED } from './settled.js';

/** Capability calls of one plugin waiting for the host at once, by default, at every isolation level. */
export const DEFAULT_MAX_IN_FLIGHT = 256;

/**
 * Counts one plugin's capability calls that are waiting for the host and refuses the next one
 * (`PLUGIN_RATE_LIMITED`) once `max` are waiting. Applied at every isolation level, so a chain
 * of calls that never unwinds (two plugins whose hooks or commands call each other) ends in a
 * coded error instead of growing until the host runs out of memory.
 */
export function createInFlightGate(plugin: string, max: number) {
  let inFlight = 0;
  const release = () => {
    inFlight--;
  };
  // Not async: an async wrapper cost a promise and two microtasks per call, and kept even an
  // already-settled call counted until they ran (so a burst of synchronous events was refused).
  return function gate<T>(run: () => Promise<T>): Promise<T> {
    if (inFlight >= max) {
      return Promise.reject(
        createError(hostErrors.PLUGIN_RATE_LIMITED, { plugin, detail: `${max} calls in flight` }),
      );
    }
    inFlight++;
    let result: Promise<T>;
    try {
      result = run();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    if (result === SETTLED) release();
    else result.then(release, release);
    return result;
  };
}

/**
 * Calls one plugin has sent and not yet had answered, on the plugin's side of the host: beyond
 * this, its next calls wait in its own memory (a sandbox queues them inside the sandbox, an
 * in-process plugin in its runtime). The same at every isolation level, so a plugin that fires
 * a thousand calls at once behaves alike at `none` and in a sandbox, and the host's in-flight
 * limit ({@link DEFAULT_MAX_IN_FLIGHT}) is only reached by a sandbox that ignores this queue.
 */
export const DEFAULT_MAX_OUTSTANDING = 64;

/**
 * Slots for one plugin's calls waiting for the host: at most `max` run at once, the waiting
 * ones start in arrival order as the running ones settle. Every function {@link wrap}ped by
 * one queue shares its slots, so a wire method given a lane of its own (`ctx.events.emit` at
 * isolation `none`) is counted with the plugin's other calls.
 *
 * Unbounded in length on purpose: what waits is the plugin's own memory, which its memory
 * limit (in a sandbox) or its author (at `none`) answers for. A head index instead of
 * `shift()`: a burst of a thousand calls would otherwise move the array once per call (the
 * host-events bench measured the queue at 4x the cost of the calls themselves with
 * `shift()`). A call that does not wait allocates nothing here.
 */
export class CallQueue {
  readonly #max: number;
  #running = 0;
  #waiting: Array<() => void> = [];
  #head = 0;
  #draining = false;
  readonly #settle = (): void => {
    this.#running--;
    // Most calls settle with nobody waiting: no drain to enter then.
    if (this.#head < this.#waiting.length) this.#drain();
  };

  constructor(max: number) {
    this.#max = max;
  }

  /**
   * `run` behind this queue's slots. Up to three arguments, passed on as they are: a wire
   * call's capability, method and arguments fit, and no array or closure is made per call.
   */
  wrap<A, B, C, R>(run: (a: A, b: B, c: C) => Promise<R>): (a: A, b: B, c: C) => Promise<R> {
    return (a, b, c) => {
      if (this.#running < this.#max) return this.#start(run, a, b, c);
      return new Promise<R>((resolve, reject) => {
        this.#waiting.push(() => {
          this.#start(run, a, b, c).then(resolve, reject);
        });
      });
    };
  }

  #start<A, B, C, R>(run: (a: A, b: B, c: C) => Promise<R>, a: A, b: B, c: C): Promise<R> {
    // Counted before it runs: a call the host answers synchronously by calling this plugin
    // again (a listener of its own event) sees the slot taken.
    this.#running++;
    let result: Promise<R>;
    try {
      result = run(a, b, c);
    } catch (error) {
      this.#settle();
      return Promise.reject(error);
    }
    // Work that finished before the call returned (SETTLED) holds its slot no longer: a
    // plugin's burst of events to synchronous listeners never waits behind itself.
    if (result === SETTLED) this.#settle();
    else result.then(this.#settle, this.#settle);
    return result;
  }

  // A loop, not a call per settled call: waiting calls that settle at once (SETTLED) would
  // otherwise start the next one from inside the previous one, a stack frame each.
  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    while (this.#running < this.#max && this.#head < this.#waiting.length) {
      const begin = this.#waiting[this.#head] as () => void;
      this.#waiting[this.#head++] = noop;
      if (this.#head === this.#waiting.length) {
        this.#waiting = [];
        this.#head = 0;
      }
      begin();
    }
    this.#draining = false;
  }
}

function noop(): void {}
