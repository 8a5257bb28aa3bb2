import { type SandboxExecutor, type SandboxExecutorOptions } from './sandbox-executor.js';
/** Options of {@link createWorkerExecutor}. */
export type WorkerExecutorOptions = SandboxExecutorOptions;
/**
 * The `limited` executor: one worker thread per plugin, with SES locked down inside the worker
 * (never on the host thread) and the plugin evaluated in a Compartment whose globals hold
 * only harmless endowments; it reaches the host only through `ctx`. The worker has a JS heap
 * limit from `limits.memoryMb` (ArrayBuffers are watched by a memory watchdog instead, since
 * V8 does not count them), an empty environment, no inherited `execArgv`, and captured
 * stdout/stderr forwarded to the host log. Crashes, hangs and memory overruns are supervised.
 *
 * The plugin entry must be one self-contained ESM bundle (see `compilePluginBundle`).
 */
export declare function createWorkerExecutor(options?: WorkerExecutorOptions): SandboxExecutor;
//# sourceMappingURL=worker-executor.d.ts.map