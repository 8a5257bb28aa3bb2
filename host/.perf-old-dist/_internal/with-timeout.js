const systemTimers = {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle),
};
/**
 * Runs `run` with a deadline and an optional outer signal. The signal handed to `run` aborts
 * when either fires, so cooperative code can stop; the returned promise settles at the
 * deadline whether or not `run` ever does (a hung plugin must not hang its caller).
 *
 * The deadline runs on `clock` (the host's `services.clock`), so a test with a manual clock
 * decides when a call times out; without one it uses the global timers.
 */
export function withTimeout(run, options) {
    const controller = new AbortController();
    const outer = options.signal;
    const clock = options.clock ?? systemTimers;
    if (outer?.aborted)
        return Promise.reject(outer.reason);
    return new Promise((resolve, reject) => {
        let settled = false;
        const finish = () => {
            settled = true;
            clock.clearTimeout(timer);
            outer?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
            if (settled)
                return;
            finish();
            controller.abort(outer?.reason);
            reject(outer?.reason);
        };
        const timer = clock.setTimeout(() => {
            if (settled)
                return;
            finish();
            const error = options.onTimeout();
            controller.abort(error);
            reject(error);
        }, options.timeoutMs);
        // A plugin may keep a hung call pending for ever; the timer must not keep the host alive.
        timer?.unref?.();
        outer?.addEventListener('abort', onAbort, { once: true });
        Promise.resolve()
            .then(() => run(controller.signal))
            .then((value) => {
            if (settled)
                return;
            finish();
            resolve(value);
        }, (error) => {
            if (settled)
                return;
            finish();
            reject(error);
        });
    });
}
//# sourceMappingURL=with-timeout.js.map