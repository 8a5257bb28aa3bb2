import { parseArgs } from 'node:util';
import { suggest } from './_suggest.js';
import { UsageError } from './_usage-error.js';
import type { CommandDefinition, OptionSpec, OptionSpecs } from './command.js';

/** Options every command accepts. */
export const FRAMEWORK_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
  json: { type: 'boolean', description: 'Print machine-readable JSON (errors too, on stderr)' },
};

/** The result of parsing one command's arguments. */
export interface ParsedCommandArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
  readonly help: boolean;
  readonly json: boolean;
}

/** A command's options merged with the framework's (the command's description wins). */
export function allOptions(command: CommandDefinition): Record<string, OptionSpec> {
  return { ...FRAMEWORK_OPTIONS, ...command.options };
}

/**
 * Parse `args` for `command`. Parsing is lenient (`strict: false`) and the checks are ours,
 * so that every mistake gets a precise message and, for typos, a suggestion.
 */
export function parseCommandArgs(command: CommandDefinition, args: string[]): ParsedCommandArgs {
  const options = allOptions(command);
  const { values, positionals, tokens } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        { type: o.type, multiple: o.multiple ?? false, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const help = values.help === true;
  const json = values.json === true;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec === undefined) {
      if (help) continue; // `--help` wins over mistakes next to it.
      const guess = suggest(
        token.name,
        Object.keys(options).filter((n) => n !== 'help'),
      );
      throw new UsageError(
        `Unknown option "${token.rawName}" for "${command.name}"${guess ? ` (did you mean "--${guess}"?)` : ''}`,
        command.name,
      );
    }
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`Option "${token.rawName}" does not take a value`, command.name);
    }
    if (
      spec.type === 'string' &&
      (token.value === undefined ||
        (!token.inlineValue && token.value.startsWith('-') && token.value !== '-'))
    ) {
      throw new UsageError(
        `Option "${token.rawName}" needs a value (write ${token.rawName}=<value> if it starts with "-")`,
        command.name,
      );
    }
  }
  if (!help) checkPositionals(command, positionals);
  return { values, positionals, help, json };
}

function checkPositionals(command: CommandDefinition, positionals: string[]): void {
  const spec = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length > spec.max) {
    const extra = positionals.slice(spec.max).map((p) => `"${p}"`);
    throw new UsageError(
      spec.max === 0
        ? `"${command.name}" takes no arguments, got ${extra.join(' ')}`
        : `Too many arguments for "${command.name}": ${extra.join(' ')} (at most ${spec.max})`,
      command.name,
    );
  }
  if (positionals.length < spec.min) {
    const missing = (spec.names ?? []).slice(positionals.length, spec.min);
    throw new UsageError(
      `Missing argument${missing.length === 1 ? '' : 's'} for "${command.name}"${missing.length > 0 ? `: ${missing.map((m) => `<${m}>`).join(' ')}` : ''}`,
      command.name,
    );
  }
}
