/** What replaces a secret value in logs and errors. */
export const REDACTED = '[redacted]';

/**
 * Knows every secret value the host handed out and removes them from text, data and errors
 * before they reach a log or leave the host. Values shorter than {@link MIN_SECRET_LENGTH}
 * are ignored: redacting every "a" would destroy the logs without protecting anything.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /** Remembers a value to redact from now on. */
  add(secret: string | undefined): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
    if (this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    // Longest first, so a secret that contains another is removed whole.
    const sorted = [...this.#secrets].sort((a, b) => b.length - a.length);
    this.#pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  /**
   * Number of secret values known: it changes whenever {@link redact}'s answers may change,
   * so a caller may keep redacted text until it does.
   */
  get size(): number {
    return this.#secrets.size;
  }

  /** The text with every known secret replaced. */
  redact(text: string): string {
    if (this.#pattern === undefined) return text;
    return text.replace(this.#pattern, REDACTED);
  }

  /** A copy of plain data with every string redacted. */
  redactValue<T>(value: T): T {
    if (this.#pattern === undefined) return value;
    return this.#walk(value, 0) as T;
  }

  /**
   * Redacts an error in place (message, stack, hint and its cause chain) and returns it, so
   * the original stays the `cause` other code inspects.
   */
  redactError<T>(error: T): T {
    if (this.#pattern === undefined) return error;
    const seen = new Set<unknown>();
    let current: unknown = error;
    while (typeof current === 'object' && current !== null && !seen.has(current)) {
      seen.add(current);
      const e = current as { message?: unknown; stack?: unknown; hint?: unknown; cause?: unknown };
      for (const key of ['message', 'stack', 'hint'] as const) {
        const text = e[key];
        if (typeof text === 'string') {
          try {
            Object.defineProperty(e, key, {
              value: this.redact(text),
              configurable: true,
              writable: true,
            });
          } catch {
            // A frozen error cannot be redacted in place; callers redact its text on output.
          }
        }
      }
      // Catalog errors also carry their arguments (`data`) and the errors they report.
      const data = (e as { data?: unknown }).data;
      if (typeof data === 'object' && data !== null) {
        try {
          Object.defineProperty(e, 'data', {
            value: Object.freeze(this.#walk({ ...data }, 0)),
            configurable: true,
          });
        } catch {
          // Frozen, as above.
        }
      }
      const inner = (e as { errors?: unknown }).errors;
      if (Array.isArray(inner)) for (const error of inner) this.redactError(error);
      current = e.cause;
    }
    return error;
  }

  #walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null || depth > 64) return value;
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, depth + 1));
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.#walk(v, depth + 1);
    return out;
  }
}

/** Shortest value treated as a secret. */
export const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
