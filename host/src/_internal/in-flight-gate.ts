import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';

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
  return async function gate<T>(run: () => Promise<T>): Promise<T> {
    if (inFlight >= max) {
      throw createError(hostErrors.PLUGIN_RATE_LIMITED, {
        plugin,
        detail: `${max} calls in flight`,
      });
    }
    inFlight++;
    try {
      return await run();
    } finally {
      inFlight--;
    }
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
 * Runs at most `max` calls at once and starts the waiting ones in arrival order as the running
 * ones settle. Unbounded in length on purpose: what waits is the plugin's own memory, which its
 * memory limit (in a sandbox) or its author (at `none`) answers for. A head index instead of
 * `shift()`: a burst of a thousand calls would otherwise move the array once per call (the
 * host-events bench measured the queue at 4x the cost of the calls themselves with `shift()`).
 */
export function createCallQueue(max: number) {
  let running = 0;
  let waiting: Array<() => void> = [];
  let head = 0;
  const next = () => {
    running--;
    if (head < waiting.length) {
      const start = waiting[head] as () => void;
      waiting[head++] = noop;
      if (head === waiting.length) {
        waiting = [];
        head = 0;
      }
      start();
    }
  };
  return function queue<T>(run: () => Promise<T>): Promise<T> {
    if (running < max) {
      running++;
      const result = run();
      result.then(next, next);
      return result;
    }
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        running++;
        const result = run();
        result.then(next, next);
        result.then(resolve, reject);
      });
    });
  };
}

const noop = () => {};
