import { spawnProcessSandbox } from './process-transport.js';
import { createSandboxExecutor, } from './sandbox-executor.js';
import { installSigusr1Guard } from './sigusr1-guard.js';
/**
 * The `strict` executor: one child process per plugin under Node's permission model, reading
 * only the sandbox runtime files (the plugin's code arrives over IPC), with SES and a
 * Compartment inside as in `limited`, its own heap limit, an empty environment, rlimits and a
 * dropped user where the machine allows, and supervision. From the first strict sandbox on,
 * the host ignores SIGUSR1, so a plugin cannot open the host's debugger (see `sigusr1-guard`).
 */
export function createProcessExecutor(options = {}) {
    return createSandboxExecutor('strict', (request) => {
        // Before the first child exists, so no plugin can ever signal an unguarded host.
        installSigusr1Guard();
        return spawnProcessSandbox(request, options);
    }, options);
}
//# sourceMappingURL=process-executor.js.map