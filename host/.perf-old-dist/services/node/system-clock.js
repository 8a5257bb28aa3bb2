/** The real clock: `Date.now` and the global timers. Tests inject a fake one instead. */
export function createSystemClock() {
    return {
        now: () => Date.now(),
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle),
    };
}
//# sourceMappingURL=system-clock.js.map