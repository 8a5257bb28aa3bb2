import type { Clock } from '../host-services.js';
import { type Deadlines, sharedDeadlines } from './deadlines.js';

/** Reads served from one reading at most, however long a synchronous run goes on. */
const MAX_READS_PER_VALUE = 1024;

/** How long wall time is told from the monotonic clock before `Date.now()` is read again. */
const RESYNC_MS = 1000;

/**
 * The real clock: wall time and the global timers, and the host's call deadlines on the
 * process's one timer ({@link Deadlines}, shared with sandbox calls). Tests inject a fake one
 * instead.
 *
 * `now()` reads the system clock once per run of synchronous code and its microtasks, and
 * serves that value to every later read in the same run (at most
 * {@link MAX_READS_PER_VALUE} of them), as libuv serves one loop time to a whole loop
 * iteration. Events and audit records made in one run are stamped alike, and the clock costs
 * a field read instead of a system call each: on the 2-core KVM machines a `Date.now()` was a
 * fifth of a plugin's whole `ctx.events.emit` in the host-events benchmark's profile.
 *
 * The reading itself is the monotonic clock plus the offset to wall time, which `Date.now()`
 * is asked for at most once a second (so a step of the system clock shows within a second).
 * `Date.now()` is a call into the runtime's C++, and code that runs after a while of other
 * work pays for it: 0.38 us against 0.07 us for `performance.now()` right after 90 us of
 * arithmetic on machine B, where a `host.execute` reads the clock once per call. What it
 * serves lags wall time by less than a millisecond, as `Date.now()` does (both truncate).
 */
export function createSystemClock(): Clock {
  let value = 0;
  let offset = 0;
  let syncedAt = Number.NEGATIVE_INFINITY;
  const wallTime = () => {
    const mono = performance.now();
    if (mono - syncedAt >= RESYNC_MS) {
      offset = Date.now() - mono;
      syncedAt = mono;
    }
    // The epsilon keeps a reading taken right at the resync from flooring a float's last bit
    // below the `Date.now()` it came from.
    return Math.floor(mono + offset + 1e-6);
  };
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
        value = wallTime();
        reads = 1;
        return value;
      }
      reads++;
      return value;
    },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    deadline: (fire, ms) => sharedDeadlines().add(fire, ms),
  };
}
