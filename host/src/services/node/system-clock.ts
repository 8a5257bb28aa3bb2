import type { Clock } from '../host-services.js';

/** The real clock: `Date.now` and the global timers. Tests inject a fake one instead. */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
