/**
 * The wire protocol between the host and one sandbox (a worker or a child process). Every
 * message is a plain structured-clonable object with a `t` tag. The sandbox side is untrusted:
 * the host validates every message it receives (`rpc-guard.ts`) before acting on it.
 */
/** Operations the host asks a sandbox to run. */
export type SandboxOp = 'activate' | 'deactivate' | 'invoke' | 'deliver';
/** An error as it crosses the boundary. */
export interface WireError {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
    readonly hint?: string;
    readonly stack?: string;
}
/** Host -> sandbox. */
export type HostMessage = {
    readonly t: 'init';
    readonly plugin: {
        readonly name: string;
        readonly version: string;
    };
    readonly config: Record<string, unknown>;
    readonly script: string;
    readonly callTimeoutMs: number;
} | {
    readonly t: 'call';
    readonly id: number;
    readonly op: SandboxOp;
    readonly args: readonly unknown[];
} | {
    readonly t: 'abort';
    readonly id: number;
} | {
    readonly t: 'ping';
    readonly id: number;
} | {
    readonly t: 'capResult';
    readonly id: number;
    readonly ok: boolean;
    readonly value?: unknown;
    readonly error?: WireError;
};
/** Sandbox -> host. */
export type SandboxMessage = {
    readonly t: 'booted';
} | {
    readonly t: 'ready';
} | {
    readonly t: 'fatal';
    readonly error: WireError;
} | {
    readonly t: 'result';
    readonly id: number;
    readonly ok: boolean;
    readonly value?: unknown;
    readonly error?: WireError;
} | {
    readonly t: 'pong';
    readonly id: number;
} | {
    readonly t: 'cap';
    readonly id: number;
    readonly capability: string;
    readonly method: string;
    readonly args: readonly unknown[];
};
/** Every capability and method a plugin may call (see `CapabilityCall`). */
export declare const CAPABILITY_METHODS: Readonly<Record<string, readonly string[]>>;
/** Turns any thrown value into a {@link WireError}. */
export declare function toWireError(error: unknown): WireError;
//# sourceMappingURL=_protocol.d.ts.map