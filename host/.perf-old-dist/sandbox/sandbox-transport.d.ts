import type { HostMessage } from './_protocol.js';
/** How a sandbox ended. */
export interface SandboxExit {
    readonly code: number | null;
    readonly signal?: string | null;
    /** The error the runtime reported (a worker's 'error' event), if any. */
    readonly error?: Error;
    /** The JS heap limit was hit (`ERR_WORKER_OUT_OF_MEMORY`, or V8's fatal OOM in a child). */
    readonly outOfMemory: boolean;
    /** The last lines the sandbox wrote to stderr, for the crash report. */
    readonly stderrTail: string;
}
/**
 * One running sandbox (a worker thread or a child process) as the host sees it, already
 * booted (SES loaded and locked down) and waiting for its plugin.
 */
export interface SandboxTransport {
    readonly kind: 'worker' | 'process';
    /** Posts a message; throws if the sandbox is gone. */
    send(message: HostMessage): void;
    /** Every message the sandbox sends, unvalidated. */
    onMessage(listener: (raw: unknown) => void): void;
    /** Called once when the sandbox ends, whatever the reason. */
    onExit(listener: (exit: SandboxExit) => void): void;
    /** Each line the sandbox writes to stdout or stderr. */
    onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void;
    /** Memory attributable to the plugin beyond the runtime's own baseline, when measurable. */
    memoryBytes(): Promise<number | undefined>;
    /** Stops the sandbox for good (sync loops included); resolves once it is gone. */
    kill(): Promise<void>;
    /** Whether the sandbox keeps the host's event loop alive. */
    ref(on: boolean): void;
}
/** Everything a spawn function needs. */
export interface SpawnRequest {
    readonly name: string;
    readonly memoryMb: number;
}
/** Starts one sandbox and resolves once it has booted. */
export type SpawnSandbox = (request: SpawnRequest) => Promise<SandboxTransport>;
/** Splits a byte stream into lines for the host logger, keeping a tail for crash reports. */
export declare function lineSplitter(onLine: (line: string) => void): (chunk: Buffer | string) => void;
/** Keeps the last `max` characters written. */
export declare class TextTail {
    #private;
    constructor(max?: number);
    /** Appends one line. */
    push(line: string): void;
    /** What is kept. */
    get text(): string;
}
//# sourceMappingURL=sandbox-transport.d.ts.map