import { type SandboxExit, type SandboxTransport, TextTail } from './sandbox-transport.js';
type OutputListener = Parameters<SandboxTransport['onOutput']>[0];
/** A stream the sandbox writes to; the child process's may be absent. */
interface OutputStream {
    on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
}
/**
 * The listener side both sandbox transports share: fans messages, output lines and the one
 * exit out to the host's listeners, and keeps the stderr tail for the crash report. Only how
 * a worker or a child process reports those differs, so that stays in each transport.
 */
export declare class TransportEvents {
    #private;
    /** The last stderr lines, for crash reports. */
    readonly tail: TextTail;
    /** How the sandbox ended, once it has. */
    get exited(): SandboxExit | undefined;
    /** Forwards each line of the sandbox's stdout and stderr; stderr lines also feed {@link tail}. */
    pipeOutput(stdout: OutputStream | null | undefined, stderr: OutputStream | null | undefined): void;
    /** Delivers one message from the sandbox. */
    message(raw: unknown): void;
    /** Records the sandbox's end and tells the exit listeners. */
    exit(exit: SandboxExit): void;
    /** `SandboxTransport.onMessage`. */
    readonly onMessage: (listener: (raw: unknown) => void) => void;
    /** `SandboxTransport.onExit`: a listener added after the end is called at once. */
    readonly onExit: (listener: (exit: SandboxExit) => void) => void;
    /** `SandboxTransport.onOutput`. */
    readonly onOutput: (listener: OutputListener) => void;
}
export {};
//# sourceMappingURL=_transport-events.d.ts.map