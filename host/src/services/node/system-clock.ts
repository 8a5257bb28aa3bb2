import type { Clock } from '../host-services.js';
import { Deadlines } from './deadlines.js';

/** Reads served from one `Date.now()` at most, however long a synchronous run goes on. */
const MAX_READS_PER_VALUE = 1024;

/**
 * The real clock: wall time and the global timers, and the host's call deadlines on one timer
 * ({@link Deadlines}). Tests inject a fake one instead.
 *
 * `now()` reads the system clock once per run of synchronous code and its microtasks, and
 * serves that value to every later read in the same run (at most
 * {@link MAX_READS_PER_VALUE} of them), as libuv serves one loop time to a whole loop
 * iteration. Events and audit records made in one run are stamped alike, and the clock costs
 * a field read instead of a system call each: on the 2-core KVM machines a `Date.now()` was a
 * fifth of a plugin's whole `ctx.events.emit` in the host-events benchmark's profile.
 */
export function createSystemClock(): Clock {
  let value = 0;
  const deadlines = new Deadlines();
  let reads = 0;
  const expire = () => {
    reads = 0;
  };
  // A reaction on a settled promise rather than queueMicrotask: the same queue, without the
  // async resource queueMicrotask creates per call (about 15 ns of the ~100 a read costs).
  const settled = Promise.resolve();
  return {
    now() {
      if (reads === 0 || reads >= MAX_READS_PER_VALUE) {
        if (reads === 0) void settled.then(expire);
        value = Date.now();
        reads = 1;
        return value;
      }
      reads++;
      return value;
    },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    deadline: (fire, ms) => deadlines.add(fire, ms),
  };
}
