/**
 * The contract between the `stack-plugin` framework and its commands. This module is loaded on
 * every start-up, so it must stay free of runtime imports.
 */
import type { OptionSpec, OptionSpecs, OptionValues } from '@stack-plugin/pdk/cli-kit';

export type { OptionSpec, OptionSpecs, OptionValues };

/** How many positional arguments a command takes, and their names for `--help`. */
export interface PositionalSpec {
  readonly min: number;
  /** Upper bound; `Infinity` for "any number". */
  readonly max: number;
  /** Names shown in usage errors, in order. */
  readonly names?: readonly string[];
}

/** Everything a command may touch of the outside world; `runCli` fakes it in tests. */
export interface CommandIo {
  /** Folder the command was started in (absolute). */
  readonly cwd: string;
  /** Write text to standard output (no newline added). */
  readonly stdout: (text: string) => void;
  /** Write text to standard error (no newline added). */
  readonly stderr: (text: string) => void;
  /** Whether output may use ANSI colors (a TTY, no `NO_COLOR`, `FORCE_COLOR` not `0`). */
  readonly color: boolean;
  /** Whether `--json` was given: print machine-readable output only. */
  readonly json: boolean;
  /** Environment variables of the run. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads all of standard input as text (empty when there is none). */
  readonly readStdin: () => Promise<string>;
  /**
   * Asks a yes/no question on the terminal; absent when there is no terminal to ask (no TTY
   * on stdin and stdout), so commands needing consent fail with the flag to pass instead.
   */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** What a command's `run` receives. */
export interface CommandArgs<O extends OptionSpecs> {
  /** Parsed option values (absent options are `undefined`). */
  readonly values: OptionValues<O>;
  /** Positional arguments, already checked against {@link CommandDefinition.positionals}. */
  readonly positionals: readonly string[];
  /** The command's input and output. */
  readonly io: CommandIo;
}

/** A `stack-plugin` subcommand. */
export interface CommandDefinition<O extends OptionSpecs = OptionSpecs> {
  /** The word typed after `stack-plugin`. */
  readonly name: string;
  /** One line, shown in the global `--help`. */
  readonly summary: string;
  /** Usage line, e.g. `stack-plugin validate [dir] [--json] [--fix]`. */
  readonly usage: string;
  /** Longer text shown by `stack-plugin <name> --help`, after the usage. */
  readonly description?: string;
  /** Example invocations shown by `--help`. */
  readonly examples?: readonly string[];
  /** Accepted options; `--help` and `--json` are always accepted too. */
  readonly options?: O;
  /** Accepted positional arguments; none when absent. */
  readonly positionals?: PositionalSpec;
  /**
   * Hand every argument after the command name, as given, to `run` in `positionals` (no
   * option parsing, `--help` included): for a command that forwards to another tool's parser.
   */
  readonly passThrough?: boolean;
  /**
   * Does the work and returns the exit code (0 success, 1 failure). Throw a
   * `StackPluginError` to report a failure: the framework prints it and exits 1 (2 for
   * `BAD_USAGE`). Import heavy dependencies inside `run` with `await import()` so that other
   * commands and `--help` stay fast.
   */
  run(args: CommandArgs<O>): Promise<number> | number;
}

/**
 * Declare a command. Returns its argument, typed so that `values` in `run` matches `options`.
 *
 * @example
 * ```ts
 * import { defineCommand } from '@stack-plugin/cli';
 *
 * export default defineCommand({
 *   name: 'hello',
 *   summary: 'Say hello',
 *   usage: 'stack-plugin hello [--loud]',
 *   options: { loud: { type: 'boolean', description: 'Shout' } },
 *   run({ values, io }) {
 *     io.stdout(values.loud ? 'HELLO\n' : 'hello\n');
 *     return 0;
 *   },
 * });
 * ```
 */
export function defineCommand<const O extends OptionSpecs = Record<never, OptionSpec>>(
  definition: CommandDefinition<O>,
): CommandDefinition<O> {
  return definition;
}

/** What a command module looks like once imported. */
export interface CommandModule {
  // biome-ignore lint/suspicious/noExplicitAny: the table holds commands of every option shape.
  readonly default: CommandDefinition<any>;
}

/** Command name -> lazy loader of its module. */
export type CommandTable = Readonly<Record<string, () => Promise<CommandModule>>>;
