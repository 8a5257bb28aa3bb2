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
  /**
   * Messages that arrived before anyone listened: a sandbox spawned with its plugin may report
   * `ready` before the host has wrapped the transport in a connection.
   */
  #early: unknown[] | undefined = [];
  /** Set while buffered messages wait for their microtask: later ones queue behind them. */
  #held: ((raw: unknown) => void) | undefined;
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
    // `booted` is for the spawn function, which listens for it itself; a connection has no
    // use for it, so it is neither buffered nor passed on.
    if ((raw as { t?: unknown } | null)?.t === 'booted') return;
    if (this.#early !== undefined) {
      // Only the runtime posts (the plugin has no port), and its flow control keeps at most
      // 64 capability calls outstanding, so this stays small; the cap is a backstop only.
      if (this.#early.length < 1_024) this.#early.push(raw);
      return;
    }
    if (this.#held !== undefined) this.#held(raw);
    else for (const l of this.#messageListeners) l(raw);
  }

  /** Records the sandbox's end and tells the exit listeners. */
  exit(exit: SandboxExit): void {
    this.#exit = exit;
    for (const l of this.#exitListeners) l(exit);
  }

  /** `SandboxTransport.onMessage`. */
  readonly onMessage = (listener: (raw: unknown) => void): void => {
    this.#messageListeners.push(listener);
    const early = this.#early;
    this.#early = undefined;
    if (early === undefined || early.length === 0) return;
    // Delivered later, as a live message would be, so that the listener's owner finishes its
    // synchronous set-up first (a connection registers its pending `init` right after it
    // subscribes). Messages that arrive meanwhile queue behind these, keeping their order.
    const listeners = this.#messageListeners;
    let held: unknown[] | undefined = [...early];
    this.#held = (raw) => held?.push(raw);
    queueMicrotask(() => {
      const queue = held ?? [];
      held = undefined;
      this.#held = undefined;
      for (const raw of queue) for (const l of listeners) l(raw);
    });
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
