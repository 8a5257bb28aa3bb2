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
