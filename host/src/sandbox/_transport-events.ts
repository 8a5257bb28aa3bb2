import {
  lineSplitter,
  type SandboxExit,
  type SandboxTransport,
  TextTail,
} from './sandbox-transport.js';

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
export class TransportEvents {
  /** The last stderr lines, for crash reports. */
  readonly tail = new TextTail();
  #exit: SandboxExit | undefined;
  readonly #exitListeners: Array<(exit: SandboxExit) => void> = [];
  readonly #messageListeners: Array<(raw: unknown) => void> = [];
  readonly #outputListeners: OutputListener[] = [];

  /** How the sandbox ended, once it has. */
  get exited(): SandboxExit | undefined {
    return this.#exit;
  }

  /** Forwards each line of the sandbox's stdout and stderr; stderr lines also feed {@link tail}. */
  pipeOutput(stdout: OutputStream | null | undefined, stderr: OutputStream | null | undefined) {
    stdout?.on(
      'data',
      lineSplitter((line) => {
        for (const l of this.#outputListeners) l('stdout', line);
      }),
    );
    stderr?.on(
      'data',
      lineSplitter((line) => {
        this.tail.push(line);
        for (const l of this.#outputListeners) l('stderr', line);
      }),
    );
  }

  /** Delivers one message from the sandbox. */
  message(raw: unknown): void {
    for (const l of this.#messageListeners) l(raw);
  }

  /** Records the sandbox's end and tells the exit listeners. */
  exit(exit: SandboxExit): void {
    this.#exit = exit;
    for (const l of this.#exitListeners) l(exit);
  }

  /** `SandboxTransport.onMessage`. */
  readonly onMessage = (listener: (raw: unknown) => void): void => {
    this.#messageListeners.push(listener);
  };

  /** `SandboxTransport.onExit`: a listener added after the end is called at once. */
  readonly onExit = (listener: (exit: SandboxExit) => void): void => {
    if (this.#exit !== undefined) listener(this.#exit);
    else this.#exitListeners.push(listener);
  };

  /** `SandboxTransport.onOutput`. */
  readonly onOutput = (listener: OutputListener): void => {
    this.#outputListeners.push(listener);
  };
}
