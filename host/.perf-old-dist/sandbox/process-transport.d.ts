import type { SandboxTransport, SpawnRequest } from './sandbox-transport.js';
/** OS-level settings of child-process sandboxes. */
export interface ProcessSandboxOptions {
    /**
     * Run the child as this user. Default: `nobody` (65534) when the host runs as root, which
     * also stops the child from signalling the host; otherwise the host's own user.
     * `false` keeps the host's user.
     */
    readonly user?: {
        readonly uid: number;
        readonly gid: number;
    } | false;
    /**
     * Apply rlimits through `prlimit` when it exists: no core dumps, no file writes (RLIMIT_FSIZE
     * 0) and at most `maxOpenFiles` descriptors. Default true. (RLIMIT_AS and RLIMIT_DATA cannot
     * be used: Node 24 reserves a large address space at start and crashes under either.)
     */
    readonly osLimits?: boolean;
    /** RLIMIT_NOFILE of the child. Default 64. */
    readonly maxOpenFiles?: number;
}
/** The Node flags of a strict sandbox, exposed for documentation and tests. */
export declare function strictNodeFlags(memoryMb: number): string[];
/**
 * Starts a child-process sandbox under Node's permission model (no fs writes, no reads
 * beyond the runtime files, no child processes, workers, addons or inspector), with its own
 * heap limit, an empty environment, IPC with structured-clone serialization, and rlimits
 * and a dropped user where the machine allows. Resolves once SES is locked down inside it.
 */
export declare function spawnProcessSandbox(request: SpawnRequest, options?: ProcessSandboxOptions): Promise<SandboxTransport>;
//# sourceMappingURL=process-transport.d.ts.map