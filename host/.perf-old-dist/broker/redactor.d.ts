/** What replaces a secret value in logs and errors. */
export declare const REDACTED = "[redacted]";
/**
 * Knows every secret value the host handed out and removes them from text, data and errors
 * before they reach a log or leave the host. Values shorter than {@link MIN_SECRET_LENGTH}
 * are ignored: redacting every "a" would destroy the logs without protecting anything.
 */
export declare class Redactor {
    #private;
    /** Remembers a value to redact from now on. */
    add(secret: string | undefined): void;
    /** The text with every known secret replaced. */
    redact(text: string): string;
    /** A copy of plain data with every string redacted. */
    redactValue<T>(value: T): T;
    /**
     * Redacts an error in place (message, stack, hint and its cause chain) and returns it, so
     * the original stays the `cause` other code inspects.
     */
    redactError<T>(error: T): T;
}
/** Shortest value treated as a secret. */
export declare const MIN_SECRET_LENGTH = 4;
//# sourceMappingURL=redactor.d.ts.map