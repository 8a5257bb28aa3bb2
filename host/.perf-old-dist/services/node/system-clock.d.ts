import type { Clock } from '../host-services.js';
/** The real clock: `Date.now` and the global timers. Tests inject a fake one instead. */
export declare function createSystemClock(): Clock;
//# sourceMappingURL=system-clock.d.ts.map