/**
 * The one promise the host returns for work that already finished when the call returned: an
 * event whose listeners were all synchronous, say. Shared, so creating it costs nothing per
 * call, and recognisable by identity, so the in-flight accounting can release a call's slot at
 * once instead of waiting a microtask for a promise that is already settled.
 *
 * Not frozen: with an async hook enabled after this module loaded (an APM agent, clinic), Node
 * records an id on the parent promise of every `then`, and on a frozen promise that throws. Only
 * an in-process plugin (isolation `none`, trusted with the whole process) could reach it to hang
 * a property on it; sandboxed plugins receive clones.
 */
export const SETTLED: Promise<void> = Promise.resolve();
