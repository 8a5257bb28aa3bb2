import { type OptionSpecs, parseOptions, UsageError } from '@stack-plugin/pdk/cli-kit';
import type { CommandDefinition } from './command.js';

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
export function allOptions(command: CommandDefinition): OptionSpecs {
  return { ...FRAMEWORK_OPTIONS, ...command.options };
}

/** Parse `args` for `command`: the shared option parser, then the command's positionals. */
export function parseCommandArgs(command: CommandDefinition, args: string[]): ParsedCommandArgs {
  const parsed = parseOptions(allOptions(command), args, command.name);
  const values = parsed.values as ParsedCommandArgs['values'];
  const positionals = parsed.positionals;
  const help = values.help === true;
  const json = values.json === true;
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
