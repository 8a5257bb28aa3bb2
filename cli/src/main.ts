import { resolve } from 'node:path';
import {
  type Colors,
  createColors,
  shouldUseColor,
  UsageError,
  withDidYouMean,
} from '@stack-plugin/pdk/cli-kit';
import { formatErrorTree } from './_format-error.js';
import { formatCommandHelp, formatGlobalHelp } from './_help.js';
import { parseCommandArgs } from './_parse-command-args.js';
import { printable } from './_printable.js';
import type { CommandDefinition, CommandIo, CommandTable } from './command.js';
import { commands as defaultCommands } from './commands/index.js';
import { cliVersion } from './version.js';

export { cliVersion };

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Working folder; defaults to `process.cwd()`. Relative paths resolve against it. */
  cwd?: string;
  /** Environment; defaults to an empty one (so tests do not depend on the caller's). */
  env?: Record<string, string | undefined>;
  /** Text fed to standard input. */
  stdin?: string;
  /** Pretend standard output is a terminal (affects colors only). Defaults to false. */
  isTTY?: boolean;
  /** The command table; defaults to the built-in one. */
  commands?: CommandTable;
  /** Answers yes/no questions as a user at a terminal would; without it there is no terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

/** What a {@link runCli} run produced. */
export interface CliResult {
  /** Exit code: 0 success, 1 failure, 2 bad usage. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the framework sends output; `main` binds it to the process, `runCli` to buffers. */
interface Sink {
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  confirm?: ((question: string) => Promise<boolean>) | undefined;
}

const GLOBAL_FLAGS = new Set(['-h', '--help', '-v', '--version', '--json']);

/**
 * Run `stack-plugin` in-process with the given arguments (without the `stack-plugin` word)
 * and capture its output. Used by tests and by tools embedding the CLI.
 *
 * @example
 * ```ts
 * import { runCli } from '@stack-plugin/cli';
 *
 * const { code, stdout } = await runCli(['validate', '--json'], { cwd: 'packages/my-plugin' });
 * const report = JSON.parse(stdout) as { ok: boolean; issues: Array<{ code: string }> };
 * if (code !== 0) console.error(report.issues.map((i) => i.code).join(', '));
 * ```
 */
export async function runCli(
  argv: readonly string[],
  options: RunCliOptions = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await execute(
    argv,
    {
      cwd: resolve(options.cwd ?? process.cwd()),
      env: options.env ?? {},
      isTTY: options.isTTY ?? false,
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      readStdin: async () => options.stdin ?? '',
      confirm: options.confirm,
    },
    options.commands ?? defaultCommands,
  );
  return { code, stdout, stderr };
}

/** Entry point of the `stack-plugin` bin: runs with the process's argv and sets its exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await execute(
    argv,
    {
      cwd: process.cwd(),
      env: process.env,
      isTTY: process.stdout.isTTY === true,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      readStdin: () => readProcessStdin(),
      confirm: process.stdin.isTTY && process.stdout.isTTY ? askOnTerminal : undefined,
    },
    defaultCommands,
  );
}

async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function execute(argv: readonly string[], sink: Sink, table: CommandTable): Promise<number> {
  const color = shouldUseColor(sink.env, sink.isTTY);
  const c = createColors(color);
  // Global flags come before the command word; everything after it belongs to the command.
  let i = 0;
  const flags = new Set<string>();
  while (i < argv.length && argv[i]!.startsWith('-')) {
    flags.add(argv[i]!);
    i++;
  }
  const json = flags.has('--json') || argv.slice(i + 1).includes('--json');
  const report = (error: unknown) => reportError(error, sink, json, c);
  try {
    for (const flag of flags) {
      if (!GLOBAL_FLAGS.has(flag)) {
        const unknown = withDidYouMean(
          `Unknown global option "${flag}"`,
          flag.replace(/^-+/, ''),
          ['help', 'version', 'json'],
          (guess) => `--${guess}`,
        );
        throw new UsageError(`${unknown}; command options go after the command`);
      }
    }
    let name = argv[i];
    let rest = argv.slice(i + 1);
    const wantsHelp = flags.has('-h') || flags.has('--help');
    if (name === 'help') {
      name = rest[0];
      rest = name === undefined ? [] : ['--help'];
      if (name === undefined) return await printGlobalHelp(sink.stdout, table, c, 0);
    }
    if (name === undefined) {
      if (flags.has('-v') || flags.has('--version')) {
        sink.stdout(`${cliVersion()}\n`);
        return 0;
      }
      if (wantsHelp) return await printGlobalHelp(sink.stdout, table, c, 0);
      await printGlobalHelp(sink.stderr, table, c, 2);
      throw new UsageError('No command given');
    }
    const load = Object.hasOwn(table, name) ? table[name] : undefined;
    if (load === undefined) {
      const unknown = withDidYouMean(`Unknown command "${name}"`, name, Object.keys(table));
      throw new UsageError(`${unknown}; run \`stack-plugin --help\` for the list`);
    }
    const command = (await load()).default as CommandDefinition;
    if (wantsHelp) {
      sink.stdout(formatCommandHelp(command, c));
      return 0;
    }
    const parsed =
      command.passThrough === true
        ? { values: {}, positionals: [...rest], help: false, json: false }
        : parseCommandArgs(command, [...rest]);
    if (parsed.help) {
      sink.stdout(formatCommandHelp(command, c));
      return 0;
    }
    const io: CommandIo = {
      cwd: sink.cwd,
      stdout: sink.stdout,
      stderr: sink.stderr,
      color,
      json: parsed.json,
      env: sink.env,
      readStdin: sink.readStdin,
      ...(sink.confirm === undefined ? {} : { confirm: sink.confirm }),
    };
    const code = await command.run({
      values: parsed.values as never,
      positionals: parsed.positionals,
      io,
    });
    return Number.isInteger(code) ? code : 1;
  } catch (error) {
    return report(error);
  }
}

async function printGlobalHelp(
  write: (text: string) => void,
  table: CommandTable,
  c: Colors,
  code: number,
): Promise<number> {
  // Command modules import only the framework at top level, so this stays cheap.
  const entries = await Promise.all(
    Object.entries(table).map(async ([name, load]) => {
      try {
        return { name, summary: (await load()).default.summary };
      } catch {
        return { name, summary: '(failed to load)' };
      }
    }),
  );
  write(formatGlobalHelp(cliVersion(), entries, c));
  return code;
}

async function reportError(error: unknown, sink: Sink, json: boolean, c: Colors): Promise<number> {
  // Loaded only on failure: the pdk pulls in the manifest schema and validators.
  const { createError, isStackPluginError, toErrorJson } = await import('@stack-plugin/pdk');
  const { cliErrors } = await import('./cli-errors.js');
  const normalized =
    error instanceof UsageError
      ? createError(cliErrors.BAD_USAGE, { detail: error.message, command: error.command })
      : error;
  const { error: body } = toErrorJson(normalized);
  if (json) {
    sink.stderr(`${JSON.stringify({ error: body }, null, 2)}\n`);
  } else {
    sink.stderr(formatErrorTree(body, c));
    // A wrapper's inner errors say why; without them, the cause chain does.
    let cause =
      body.errors === undefined && isStackPluginError(normalized)
        ? (normalized as Error).cause
        : undefined;
    // Wrappers often quote their cause's message: a line that says nothing new is left out.
    let above = body.message;
    while (cause !== undefined) {
      const text = printable(cause instanceof Error ? cause.message : String(cause));
      if (!above.includes(text)) sink.stderr(`  ${c.dim('cause:')} ${text}\n`);
      above = text;
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    if (body.code === 'INTERNAL' && error instanceof Error && sink.env.STACK_PLUGIN_DEBUG) {
      sink.stderr(`${error.stack ?? ''}\n`);
    }
  }
  const exitCode = (normalized as { exitCode?: unknown }).exitCode;
  return typeof exitCode === 'number' && Number.isInteger(exitCode) ? exitCode : 1;
}
