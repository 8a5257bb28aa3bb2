import type { CapabilityHandler } from '../executor/plugin-executor.js';
import { type SandboxOp } from './_protocol.js';
import { type RpcLimits } from './rpc-guard.js';
import type { SandboxExit, SandboxTransport } from './sandbox-transport.js';
/** Why a sandbox ended, as the supervisor classifies it. */
export interface SandboxEnd {
    readonly kind: 'crash' | 'out-of-memory' | 'hang' | 'protocol' | 'disposed';
    readonly detail: string;
    readonly exit?: SandboxExit;
}
/** Settings of one connection. */
export interface SandboxConnectionOptions {
    readonly plugin: {
        readonly name: string;
        readonly version: string;
    };
    readonly capabilities: CapabilityHandler;
    readonly limits: {
        readonly timeoutMs: number;
        readonly memoryMb: number;
    };
    readonly rpc: RpcLimits;
    /** How long a sandbox has to answer a ping after a call timed out before it counts as hung. */
    readonly hangGraceMs: number;
    /** How often memory is sampled; 0 turns the watchdog off. */
    readonly memoryPollMs: number;
    /** Called once when the sandbox ends. */
    readonly onEnd: (end: SandboxEnd) => void;
}
/**
 * The host side of one sandbox incarnation: sends calls with a timeout each, answers the
 * plugin's capability calls after validating them (shape, payload, rate), detects hangs and
 * memory overruns, and rejects everything in flight when the sandbox ends.
 */
export declare class SandboxConnection {
    #private;
    constructor(transport: SandboxTransport, options: SandboxConnectionOptions);
    /** Whether the sandbox is gone. */
    get ended(): boolean;
    /** Capability registrations the plugin holds (contributions and event listeners). */
    registrations(): Array<{
        capability: string;
        method: string;
        args: unknown[];
    }>;
    /** Sends the plugin's code; resolves once it is evaluated and its `ctx` built. */
    init(script: string, config: Record<string, unknown>): Promise<void>;
    /** Runs one operation in the sandbox. */
    call(op: SandboxOp, args: readonly unknown[], options: {
        timeoutMs: number;
        signal?: AbortSignal;
        phase: string;
    }): Promise<unknown>;
    /** Stops the sandbox. */
    dispose(): Promise<void>;
}
//# sourceMappingURL=sandbox-connection.d.ts.map