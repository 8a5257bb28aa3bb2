import type { HostMessage, InitMessage } from './_protocol.js';

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
  /**
   * The plugin to load as soon as SES is locked down, handed over with the boot data instead
   * of in a message after `booted`; absent for a spare, which gets it later with `send`.
   */
  readonly init?: InitMessage;
}

/**
 * Starts one sandbox and resolves once it has booted. With `request.init` the sandbox goes on
 * to load that plugin by itself and reports `ready` (or `fatal`) like after an `init` message.
 */
export type SpawnSandbox = (request: SpawnRequest) => Promise<SandboxTransport>;

/** Splits a byte stream into lines for the host logger, keeping a tail for crash reports. */
export function lineSplitter(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString();
    // Bound what one sandbox can make the host buffer for a line without a newline.
    if (rest.length > 65_536) rest = `${rest.slice(0, 65_536)}\n`;
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.length > 0) onLine(line);
  };
}

/** Keeps the last `max` characters written. */
export class TextTail {
  #text = '';
  readonly #max: number;
  constructor(max = 4_096) {
    this.#max = max;
  }
  /** Appends one line. */
  push(line: string): void {
    this.#text = `${this.#text}${line}\n`.slice(-this.#max);
  }
  /** What is kept. */
  get text(): string {
    return this.#text;
  }
}
