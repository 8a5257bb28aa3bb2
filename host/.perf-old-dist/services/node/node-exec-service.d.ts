import type { ExecService } from '../host-services.js';
/** Variables a program gets by default: enough to find programs and format text, no secrets. */
export declare const DEFAULT_PASS_ENV: readonly string[];
/** Options of {@link createNodeExecService}. */
export interface NodeExecServiceOptions {
    /** Workspace root; `cwd` is relative to it and may not leave it. */
    readonly root: string;
    /** Where passed variables come from (default `process.env`). */
    readonly env?: Record<string, string | undefined>;
    /** Names of the variables passed to programs (default {@link DEFAULT_PASS_ENV}). */
    readonly passEnv?: readonly string[];
    /** Cap per output stream in bytes (default 10 MiB); a program over it is killed. */
    readonly maxOutputBytes?: number;
}
/**
 * Runs programs with `spawn` and `shell: false`, so arguments are never parsed by a shell.
 * The working folder is resolved inside the workspace root; the environment holds only the
 * `passEnv` variables, never the host's full environment; `input` goes to stdin. On timeout,
 * abort or an output stream over its cap, the program's whole process group is SIGKILLed
 * (children it started too) and the call rejects with `EXEC_TIMEOUT`, the signal's reason or
 * `EXEC_OUTPUT_LIMIT`. A non-zero exit is a result, not an error; a program killed by a
 * signal gets exit code 128 + the signal number, as shells report it.
 */
export declare function createNodeExecService(options: NodeExecServiceOptions): ExecService;
//# sourceMappingURL=node-exec-service.d.ts.map