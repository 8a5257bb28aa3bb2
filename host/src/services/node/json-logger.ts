import type { HostLogger, LogRecord } from '../host-services.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

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
export function createJsonLogger(options: JsonLoggerOptions = {}): HostLogger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const min = LEVELS[options.level ?? 'info'];
  return {
    write(record) {
      if (LEVELS[record.level] < min) return;
      write(
        safeStringify({
          time: new Date(record.time).toISOString(),
          level: record.level,
          message: record.message,
          ...(record.plugin === undefined ? {} : { plugin: record.plugin }),
          ...(record.data === undefined ? {} : { data: record.data }),
        }),
      );
    },
  };
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) {
      return { name: v.name, message: v.message, ...('code' in v ? { code: String(v.code) } : {}) };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}
