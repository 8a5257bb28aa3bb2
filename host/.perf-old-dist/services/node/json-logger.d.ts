import type { HostLogger, LogRecord } from '../host-services.js';
/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
    /** Receives one JSON document per record, without a newline (default: stderr, one a line). */
    readonly write?: (line: string) => void;
    /** Records below this level are dropped (default `info`). */
    readonly level?: LogRecord['level'];
}
/**
 * A logger writing JSON lines: `{"time":"<ISO>","level","message","plugin"?,"data"?}`. Data
 * that JSON cannot hold is written safely (bigints as strings, cycles as `"[Circular]"`,
 * errors as `{ name, message, code }`), so a plugin's odd log call never throws in the host.
 */
export declare function createJsonLogger(options?: JsonLoggerOptions): HostLogger;
//# sourceMappingURL=json-logger.d.ts.map