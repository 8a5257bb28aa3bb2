import type { HostLogger, LogRecord } from '@stack-plugin/host';

/** Options of {@link createRecordingLogger}. */
export interface RecordingLoggerOptions {
  /** Also print each record to stderr (handy while writing a test). */
  readonly echo?: boolean;
}

/** The logger of a test host: every record the host writes, in order. */
export interface RecordingLogger extends HostLogger {
  readonly records: readonly LogRecord[];
  /** Records as `level plugin: message {data}` lines, for inline snapshots. */
  lines(): string[];
  clear(): void;
}

/** One record as a single line; `data` as JSON. */
export function formatLogRecord(record: LogRecord): string {
  const source = record.plugin === undefined ? 'host' : record.plugin;
  const data = record.data === undefined ? '' : ` ${JSON.stringify(record.data)}`;
  return `${record.level} ${source}: ${record.message}${data}`;
}

/**
 * A `HostLogger` that keeps every record. Records reach it after the host redacted secrets,
 * so what it holds is exactly what a real host would print.
 *
 * @example
 * ```ts
 * import { createHost } from '@stack-plugin/host';
 * import { createRecordingLogger } from '@stack-plugin/test-harness';
 *
 * // A test host has one already (`th.logger`); this captures what a real host logs.
 * const logger = createRecordingLogger();
 * const host = createHost({ root: process.cwd(), services: { logger } });
 * await host.start();
 * await host.execute('greet', { name: 'Ada' });
 * await host.stop();
 * console.log(logger.lines()); // e.g. [..., 'info greeter: greeted {"name":"Ada"}']
 * ```
 */
export function createRecordingLogger(options: RecordingLoggerOptions = {}): RecordingLogger {
  const records: LogRecord[] = [];
  return {
    write(record) {
      records.push(record);
      if (options.echo === true) process.stderr.write(`${formatLogRecord(record)}\n`);
    },
    get records() {
      return records;
    },
    lines: () => records.map(formatLogRecord),
    clear() {
      records.length = 0;
    },
  };
}
