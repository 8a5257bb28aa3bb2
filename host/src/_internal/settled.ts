/**
 * The one promise the host returns for work that already finished when the call returned: an
 * event whose listeners were all synchronous, say. Shared, so creating it costs nothing per
 * call, and recognisable by identity, so the in-flight accounting can release a call's slot at
 * once instead of waiting a microtask for a promise that is already settled. Frozen: no caller
 * (a plugin running in-process, say) can hang a property on it that another caller would see.
 */
export const SETTLED: Promise<void> = Object.freeze(Promise.resolve());
