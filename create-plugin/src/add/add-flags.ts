import {
  type Colors,
  checkChoice,
  createColors,
  formatOptionHelp,
  type OptionSpecs,
  parseOptions,
  UsageError,
} from '@stack-plugin/pdk/cli-kit';
import { asScaffoldUsage } from '../cli-options.js';
import { GENERATORS, type GeneratorName } from './generators.js';

/** The flags of `create-stack-plugin add`, as given (all optional). */
export interface AddFlags {
  readonly generator?: GeneratorName;
  /** Project folder, relative to the current one (default: the current one). */
  readonly dir?: string;
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly help: boolean;
}

/** Every flag of `add`: {@link parseAddFlags} parses with it and `add --help` lists it. */
export const ADD_OPTIONS = {
  id: {
    type: 'string',
    valueName: 'id',
    group: 'Flags',
    description: 'Contribution id such as greet.hello (for test: the file name)',
  },
  title: {
    type: 'string',
    valueName: 'text',
    group: 'Flags',
    description: 'Short title (default: from the id)',
  },
  description: {
    type: 'string',
    valueName: 'text',
    group: 'Flags',
    description: 'One-line description (default: from the title)',
  },
  dir: {
    type: 'string',
    valueName: 'folder',
    group: 'Flags',
    description: 'The plugin project (default: the current folder)',
  },
  yes: {
    type: 'boolean',
    short: 'y',
    group: 'Flags',
    description: 'Take the default for every answer not given as a flag',
  },
  'dry-run': {
    type: 'boolean',
    group: 'Flags',
    description: 'Print what would change, change nothing',
  },
  help: { type: 'boolean', short: 'h', group: 'Flags', description: 'Show this help' },
} as const satisfies OptionSpecs;

/** Parse `add <generator> [flags]` (argv without the leading `add`). */
export function parseAddFlags(argv: readonly string[]): AddFlags {
  return asScaffoldUsage(() => {
    const { values, positionals } = parseOptions(ADD_OPTIONS, argv, 'add');
    if (positionals.length > 1) {
      throw new UsageError(
        `Expected one generator, got ${positionals.map((p) => `"${p}"`).join(', ')}`,
        'add',
      );
    }
    const generator =
      positionals[0] === undefined
        ? undefined
        : checkChoice(
            'generator',
            positionals[0],
            GENERATORS.map((g) => g.value),
            'add',
          );
    return {
      ...(generator === undefined ? {} : { generator }),
      ...(values.dir === undefined ? {} : { dir: values.dir }),
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values.title === undefined ? {} : { title: values.title }),
      ...(values.description === undefined ? {} : { description: values.description }),
      yes: values.yes === true,
      dryRun: values['dry-run'] === true,
      help: values.help === true,
    };
  });
}

/** `create-stack-plugin add --help`, generated from {@link ADD_OPTIONS} and the generators. */
export function addHelpText(version: string, c: Colors = createColors(false)): string {
  return [
    `${c.bold('create-stack-plugin')} ${version}: add to an existing Stack plugin project\n`,
    `\n${c.bold('Usage:')}\n`,
    '  create-stack-plugin add <generator> [flags]\n',
    '\nWrites the new source file and its test, adds the contribution (with input and output\n',
    'schema stubs) to stack-plugin.json, registers it in src/index.ts, re-runs typegen and\n',
    're-validates the plugin. Existing files are never overwritten; if anything fails, every\n',
    'change is rolled back. Without a terminal (pipes, CI) nothing is asked.\n',
    formatOptionHelp(ADD_OPTIONS, c, {
      Generators: GENERATORS.map((g) => [g.value, g.hint] as const),
    }),
    `\n${c.bold('Example:')}\n`,
    '  npx create-stack-plugin add command --id greet.hello --title "Say hello" --yes\n',
  ].join('');
}
