/**
 * Node opens its inspector when the process receives SIGUSR1 and no listener is installed,
 * and Node's permission model does not stop a child from signalling its parent. So before
 * the first `strict` sandbox starts, the host installs a listener that only counts the
 * signal.
 *
 * The guard is never removed: once a JS listener has been installed and removed, Node does
 * not restore its inspector handler and SIGUSR1 falls back to the default action, which
 * terminates the process (measured on Node 24). A host that wants a debugger should start
 * with `--inspect`.
 */
import { isMainThread } from 'node:worker_threads';
let installed = false;
let received = 0;
/**
 * Installs the guard; idempotent. Returns false on a worker thread, where signals are never
 * delivered: a host embedded in a worker must call this from its main thread.
 */
export function installSigusr1Guard() {
    if (!isMainThread)
        return false;
    if (installed)
        return true;
    installed = true;
    process.on('SIGUSR1', () => {
        received++;
    });
    return true;
}
/** How many SIGUSR1 signals the guard swallowed (for the audit and for tests). */
export function sigusr1Swallowed() {
    return received;
}
//# sourceMappingURL=sigusr1-guard.js.map