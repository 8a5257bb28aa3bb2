import { type ProcessSandboxOptions } from './process-transport.js';
import { type SandboxExecutor, type SandboxExecutorOptions } from './sandbox-executor.js';
/** Options of {@link createProcessExecutor}. */
export interface ProcessExecutorOptions extends SandboxExecutorOptions, ProcessSandboxOptions {
}
/**
 * The `strict` executor: one child process per plugin under Node's permission model, reading
 * only the sandbox runtime files (the plugin's code arrives over IPC), with SES and a
 * Compartment inside as in `limited`, its own heap limit, an empty environment, rlimits and a
 * dropped user where the machine allows, and supervision. From the first strict sandbox on,
 * the host ignores SIGUSR1, so a plugin cannot open the host's debugger (see `sigusr1-guard`).
 */
export declare function createProcessExecutor(options?: ProcessExecutorOptions): SandboxExecutor;
//# sourceMappingURL=process-executor.d.ts.map