/** One call that reached an in-memory service, as the service's spy log keeps it. */
export interface ServiceCall {
  /** The service method that was called (`readFile`, `fetch`, `run`, `get`, ...). */
  readonly method: string;
  /** Its arguments, as received (byte arrays are copied so later writes cannot change them). */
  readonly args: readonly unknown[];
  /** Whether it returned (true) or threw (false). */
  readonly ok: boolean;
  /** What it returned, when `ok`. */
  readonly result?: unknown;
  /** What it threw, when not `ok`. */
  readonly error?: unknown;
  /**
   * Position in the order of all calls to every service of one test host, so records of
   * different services can be put back in sequence.
   */
  readonly seq: number;
}

/** Hands out the shared `seq` numbers of one test host's services. */
export interface SpySequence {
  next(): number;
}

/** A fresh sequence starting at 1. */
export function createSpySequence(): SpySequence {
  let n = 0;
  return { next: () => ++n };
}

/**
 * The spy record every in-memory service carries: the calls that reached it, in order.
 * Kept separate from the service logic so each service stays a plain implementation of its
 * host interface.
 */
export class SpyLog {
  readonly #calls: ServiceCall[] = [];
  readonly #sequence: SpySequence;

  constructor(sequence: SpySequence = createSpySequence()) {
    this.#sequence = sequence;
  }

  /** Every call so far, oldest first. */
  get calls(): readonly ServiceCall[] {
    return this.#calls;
  }

  /** Forgets every recorded call. */
  clear(): void {
    this.#calls.length = 0;
  }

  /** Runs `fn`, recording the call and its outcome; rethrows what `fn` throws. */
  async track<T>(method: string, args: readonly unknown[], fn: () => Promise<T> | T): Promise<T> {
    const seq = this.#sequence.next();
    const recordedArgs = args.map(copyBytes);
    try {
      const result = await fn();
      this.#calls.push({ method, args: recordedArgs, ok: true, result: copyBytes(result), seq });
      return result;
    } catch (error) {
      this.#calls.push({ method, args: recordedArgs, ok: false, error, seq });
      throw error;
    }
  }

  /** Records a synchronous call (for the synchronous `EnvService.get`). */
  trackSync<T>(method: string, args: readonly unknown[], fn: () => T): T {
    const seq = this.#sequence.next();
    try {
      const result = fn();
      this.#calls.push({ method, args: [...args], ok: true, result, seq });
      return result;
    } catch (error) {
      this.#calls.push({ method, args: [...args], ok: false, error, seq });
      throw error;
    }
  }
}

function copyBytes(value: unknown): unknown {
  return value instanceof Uint8Array ? new Uint8Array(value) : value;
}
