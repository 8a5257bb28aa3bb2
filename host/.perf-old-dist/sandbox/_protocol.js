/**
 * The wire protocol between the host and one sandbox (a worker or a child process). Every
 * message is a plain structured-clonable object with a `t` tag. The sandbox side is untrusted:
 * the host validates every message it receives (`rpc-guard.ts`) before acting on it.
 */
/** Every capability and method a plugin may call (see `CapabilityCall`). */
export const CAPABILITY_METHODS = Object.freeze({
    commands: ['execute'],
    contributions: ['register', 'unregister'],
    env: ['get'],
    events: ['emit', 'on', 'off'],
    exec: ['run'],
    fs: ['readFile', 'readBytes', 'readdir', 'stat', 'exists', 'writeFile', 'mkdir', 'rm'],
    log: ['write'],
    net: ['fetch'],
    secrets: ['get'],
    sharedState: ['get', 'set', 'delete', 'keys'],
    state: ['get', 'set', 'delete', 'keys'],
});
/** Turns any thrown value into a {@link WireError}. */
export function toWireError(error) {
    if (typeof error === 'object' && error !== null) {
        const e = error;
        return {
            name: typeof e.name === 'string' ? e.name : 'Error',
            message: typeof e.message === 'string' ? e.message : String(error),
            ...(typeof e.code === 'string' ? { code: e.code } : {}),
            ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
            ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
        };
    }
    return { name: 'Error', message: String(error) };
}
//# sourceMappingURL=_protocol.js.map