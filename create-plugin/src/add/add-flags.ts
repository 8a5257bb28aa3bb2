import { createError } from '@stack-plugin/pdk/errors';
import { GENERATORS, type GeneratorName, isGeneratorName } from './generators.js';

// Taken from the loaded module rather than `import`ed: an ES import of `node:util` builds its
// whole namespace, reading every lazy (and deprecated) export, ~2 ms of every start-up.
const { parseArgs } = process.getBuiltinModule('node:util');

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

const OPTIONS = {
  dir: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (detail: string) => createError('SCAFFOLD_BAD_USAGE', { detail });

/** Parse `add <generator> [flags]` (argv without the leading `add`). */
export function parseAddFlags(argv: readonly string[]): AddFlags {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message.replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw usage(`Expected one generator, got ${positionals.map((p) => `"${p}"`).join(', ')}`);
  }
  const generator = positionals[0];
  if (generator !== undefined && !isGeneratorName(generator)) {
    throw usage(
      `Unknown generator "${generator}"; choose one of ${GENERATORS.map((g) => g.value).join(', ')}`,
    );
  }
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
}

/** `create-stack-plugin add --help`. */
export function addHelpText(version: string): string {
  const generators = GENERATORS.map((g) => `    ${g.value.padEnd(14)}${g.hint}`).join('\n');
  return `create-stack-plugin ${version}: add to an existing Stack plugin project

Usage:
  create-stack-plugin add <generator> [flags]

Writes the new source file and its test, adds the contribution (with input and output
schema stubs) to stack-plugin.json, registers it in src/index.ts, re-runs typegen and
re-validates the plugin. Existing files are never overwritten; if anything fails, every
change is rolled back. Without a terminal (pipes, CI) nothing is asked.

Generators:
${generators}

Flags:
  --id <id>               Contribution id such as greet.hello (for test: the file name)
  --title <text>          Short title (default: from the id)
  --description <text>    One-line description (default: from the title)
  --dir <folder>          The plugin project (default: the current folder)
  -y, --yes               Take the default for every answer not given as a flag
  --dry-run               Print what would change, change nothing
  -h, --help              Show this help

Example:
  npx create-stack-plugin add command --id greet.hello --title "Say hello" --yes
`;
}
