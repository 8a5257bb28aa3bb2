import type { Clock } from '../services/host-services.js';
/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the global timers.
 */
export declare function withTimeout<T>(run: (signal: AbortSignal) => Promise<T> | T, options: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'> | undefined;
    onTimeout: () => Error;
}): Promise<T>;
//# sourceMappingURL=with-timeout.d.ts.map