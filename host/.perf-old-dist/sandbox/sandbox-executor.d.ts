import type { ExecutorLoadRequest, IsolationLevel, PluginExecutor } from '../executor/plugin-executor.js';
import { type RpcLimits } from './rpc-guard.js';
import type { SpawnSandbox } from './sandbox-transport.js';
import { type SandboxStatusChange, type SupervisedInstance, type SupervisionPolicy } from './supervisor.js';
/** Options shared by the worker and the process executor. */
export interface SandboxExecutorOptions {
    /** Payload, rate and in-flight limits on what a plugin sends the host. */
    readonly rpc?: Partial<RpcLimits>;
    /** Restart, backoff and quarantine policy. */
    readonly supervision?: Partial<SupervisionPolicy>;
    /** How long a sandbox has to answer a ping after a timed-out call. Default 1,000 ms. */
    readonly hangGraceMs?: number;
    /** Memory watchdog period; 0 turns it off. Default 100 ms. */
    readonly memoryPollMs?: number;
    /**
     * Booted sandboxes (runtime loaded, SES locked down, no plugin yet) kept ready so `load()`
     * skips the boot. Each plugin still gets a fresh sandbox of its own; a spare is never reused.
     * Spares are created after the first load and do not keep the host alive. Default 1.
     */
    readonly prewarm?: number;
    /** Observes every supervised plugin's status changes (failed, restarting, quarantined...). */
    readonly onStatusChange?: (change: SandboxStatusChange) => void;
}
/** A sandboxing executor: a {@link PluginExecutor} whose instances are supervised. */
export interface SandboxExecutor extends PluginExecutor {
    load(request: ExecutorLoadRequest): Promise<SupervisedInstance>;
    /** Disposes every instance it loaded and every spare sandbox. */
    close(): Promise<void>;
}
/** Builds an executor over one kind of sandbox. */
export declare function createSandboxExecutor(isolation: IsolationLevel, spawn: SpawnSandbox, options?: SandboxExecutorOptions): SandboxExecutor;
//# sourceMappingURL=sandbox-executor.d.ts.map