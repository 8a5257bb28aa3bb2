import { withDidYouMean } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

// Taken from the loaded module rather than `import`ed: an ES import of `node:util` builds its
// whole namespace, reading every lazy (and deprecated) export, ~2 ms of every start-up.
const { parseArgs } = process.getBuiltinModule('node:util');

/** One named value a string option accepts, listed under the option in `--help`. */
export interface OptionChoice {
  readonly value: string;
  /** One line shown beside the value. */
  readonly hint: string;
}

/**
 * One option of a command line, as `node:util` `parseArgs` understands it, plus what `--help`
 * shows. The same table drives parsing and help, so the two cannot drift apart.
 */
export interface OptionSpec {
  /** `boolean` flags take no value; `string` options take one. */
  readonly type: 'boolean' | 'string';
  /** One line shown in `--help`. */
  readonly description: string;
  /** A one-letter alias, e.g. `f` for `--fix`. */
  readonly short?: string;
  /** Whether the option may be repeated (its value becomes an array). */
  readonly multiple?: boolean;
  /** Placeholder shown in `--help` for a string option's value, e.g. `FILE`. */
  readonly valueName?: string;
  /** A boolean flag that `--no-<name>` sets to false (shown as `--[no-]<name>`). */
  readonly negatable?: boolean;
  /** Heading of the `--help` section listing the option; `Options` when absent. */
  readonly group?: string;
  /** Accepted values of a string option, listed under it in `--help`. */
  readonly choices?: readonly OptionChoice[];
}

/** The options a command accepts, keyed by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Parsed values of a command's options: booleans for flags, strings for valued options. */
export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

/** The result of {@link parseOptions}. */
export interface ParsedOptions<O extends OptionSpecs = OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/**
 * Parse `args` against `specs`. Parsing is lenient (`strict: false`) and the checks are ours,
 * so that every mistake is a {@link UsageError} with a precise message and, for typos, a
 * suggestion. When `specs` has a `help` flag and it is given, unknown options next to it are
 * ignored: `--help` wins. `command` names the (sub)command in messages.
 */
export function parseOptions<const O extends OptionSpecs>(
  specs: O,
  args: readonly string[],
  command?: string,
): ParsedOptions<O> {
  const negatable = Object.values(specs).some((o) => o.negatable === true);
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      Object.entries(specs).map(([name, o]) => [
        name,
        { type: o.type, multiple: o.multiple ?? false, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
    allowPositionals: true,
    // Only for tables with negatable flags: otherwise `--no-x` stays the option named `no-x`.
    allowNegative: negatable,
    strict: false,
    tokens: true,
  });
  const help = Object.hasOwn(specs, 'help') && values.help === true;
  const where = command === undefined ? '' : ` for "${command}"`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    const negated = negatable && token.rawName === `--no-${token.name}`;
    if (spec === undefined || (negated && spec.negatable !== true)) {
      if (help) continue;
      const known = Object.keys(specs).filter((n) => n !== 'help');
      throw new UsageError(
        withDidYouMean(
          `Unknown option "${token.rawName}"${where}`,
          token.rawName.replace(/^-+/, ''),
          [...known, ...known.filter((n) => specs[n]?.negatable).map((n) => `no-${n}`)],
          (guess) => `--${guess}`,
        ),
        command,
      );
    }
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`Option "${token.rawName}" does not take a value`, command);
    }
    if (
      spec.type === 'string' &&
      (token.value === undefined ||
        (!token.inlineValue && token.value.startsWith('-') && token.value !== '-'))
    ) {
      throw new UsageError(
        `Option "${token.rawName}" needs a value (write ${token.rawName}=<value> if it starts with "-")`,
        command,
      );
    }
  }
  return { values: values as OptionValues<O>, positionals };
}

/**
 * Check a string option's value against its {@link OptionSpec.choices}; returns the value
 * typed as one of them, or throws a {@link UsageError} naming them (with a did-you-mean).
 */
export function checkChoice<const T extends string>(
  name: string,
  value: string,
  choices: readonly T[],
  command?: string,
): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${withDidYouMean(`Unknown ${name} "${value}"`, value, choices)}; choose one of ${choices.join(', ')}`,
    command,
  );
}
