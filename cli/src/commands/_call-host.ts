import type { Host, LogRecord } from '@stack-plugin/host';
import { printable } from '../_printable.js';
import type { CommandIo } from '../command.js';

/** How {@link createCallHost} builds the host: the options `run` and `mcp` share. */
export interface CallHostOptions {
  /** The command, named in usage errors. */
  readonly command: string;
  /** Workspace root (absolute); default: the folder the command was started in. */
  readonly root?: string;
  /** `--config`: the host config file, relative to the folder the command was started in. */
  readonly config?: string | undefined;
  /** `--isolation`: the least isolation of every plugin. */
  readonly isolation?: string | undefined;
  /** Whether plugin and host log records are printed on stderr (info and above). */
  readonly logs: boolean;
  /** Where those records go instead of straight to stderr (`run` holds the start's). */
  readonly onLog?: (record: LogRecord) => void;
}

/** One log record on stderr, as the call hosts print them: `[level] plugin: message`. */
export function printLogRecord(io: CommandIo, record: LogRecord): void {
  const who = record.plugin === undefined ? 'host' : record.plugin;
  io.stderr(`[${record.level}] ${printable(who)}: ${printable(record.message)}\n`);
}

/**
 * The host `stack-plugin run` and `stack-plugin mcp` call plugins in: the workspace root, the
 * host config, the environment of the command, `--isolation` as a policy floor (it raises,
 * never lowers, what a manifest asks), and log records on stderr, never stdout, which carries
 * the result (`run`) or the protocol (`mcp`). Start it with `startForCall`.
 *
 * @throws `BAD_USAGE` for an isolation level that does not exist.
 */
export async function createCallHost(io: CommandIo, options: CallHostOptions): Promise<Host> {
  const { isolationOption } = await import('./_isolation-option.js');
  const isolation = await isolationOption(options.isolation, options.command);
  const { resolve } = await import('node:path');
  const { createHost } = await import('@stack-plugin/host');
  const write = (record: LogRecord) => {
    if (!options.logs || record.level === 'debug') return;
    if (options.onLog === undefined) printLogRecord(io, record);
    else options.onLog(record);
  };
  const root = options.root ?? io.cwd;
  const { ownPluginConfig } = await import('./_own-plugin.js');
  const own = ownPluginConfig(io, options.config, { dir: root, quiet: !options.logs });
  return createHost({
    root,
    ...(options.config === undefined ? {} : { config: resolve(io.cwd, options.config) }),
    ...(own === undefined ? {} : { config: own }),
    env: { ...io.env },
    ...(isolation === undefined ? {} : { policy: { minIsolation: isolation } }),
    services: { logger: { write } },
  });
}
