import type { IsolationLevel, PluginExecutor } from '../executor/plugin-executor.js';
import type { SandboxExecutorOptions } from '../sandbox/sandbox-executor.js';
/**
 * The executors of a host, one per isolation level: the ones given to `createHost`, the
 * in-process one for `none`, and sandboxes created on first use through a dynamic import (so
 * a host whose plugins all run in-process never loads the sandbox code). Only the executors
 * the pool created are closed by {@link close}.
 */
export declare class ExecutorPool {
    #private;
    /** `sandbox` configures the `limited` and `strict` executors the pool creates. */
    constructor(given?: Partial<Record<IsolationLevel, PluginExecutor>>, sandbox?: SandboxExecutorOptions);
    /** The executor for `level`. */
    get(level: IsolationLevel): Promise<PluginExecutor>;
    /** Closes the sandboxes this pool created (their spare workers and processes too). */
    close(): Promise<void>;
}
//# sourceMappingURL=executor-pool.d.ts.map