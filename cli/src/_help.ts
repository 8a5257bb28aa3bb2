import { type Colors, formatHelpRows, formatOptionHelp } from '@stack-plugin/pdk/cli-kit';
import { allOptions } from './_parse-command-args.js';
import type { CommandDefinition } from './command.js';

/** `stack-plugin --help`: every command with its summary, and the global options. */
export function formatGlobalHelp(
  version: string,
  commands: ReadonlyArray<{ name: string; summary: string }>,
  c: Colors,
): string {
  return [
    `${c.bold('stack-plugin')} ${version}: check, type, build and run Stack plugins\n`,
    `\n${c.bold('Usage:')} stack-plugin <command> [options]\n`,
    `\n${c.bold('Commands:')}\n`,
    formatHelpRows(
      commands.map((cmd) => [cmd.name, cmd.summary] as const),
      c,
    ),
    `\n${c.bold('Global options:')}\n`,
    formatHelpRows(
      [
        ['-h, --help', 'Show help (also `stack-plugin <command> --help`)'],
        ['-v, --version', 'Print the version'],
        ['    --json', 'Machine-readable output; errors as JSON on stderr'],
      ],
      c,
    ),
    '\nExit status: 0 success, 1 failure (or problems found), 2 bad usage.\n',
    'Colors only on a terminal; set NO_COLOR=1 or FORCE_COLOR=0 to turn them off.\n',
  ].join('');
}

/** `stack-plugin <command> --help`: generated from the same option table the parser reads. */
export function formatCommandHelp(command: CommandDefinition, c: Colors): string {
  const parts = [
    `${c.bold('Usage:')} ${command.usage}\n`,
    `\n${command.summary}\n`,
    command.description ? `\n${command.description.trimEnd()}\n` : '',
    formatOptionHelp(allOptions(command), c),
  ];
  if (command.examples && command.examples.length > 0) {
    parts.push(`\n${c.bold('Examples:')}\n`, ...command.examples.map((e) => `  ${e}\n`));
  }
  return parts.join('');
}
