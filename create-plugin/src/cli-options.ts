import { createError } from '@stack-plugin/pdk/errors';
import {
  FEATURES,
  type FeatureName,
  isFeatureName,
  isTemplateName,
  TEMPLATES,
  type TemplateName,
} from './choices.js';
import { isPackageManager, PACKAGE_MANAGERS, type PackageManager } from './package-manager.js';

// Taken from the loaded module rather than `import`ed: an ES import of `node:util` builds its
// whole namespace, reading every lazy (and deprecated) export, ~2 ms of every start-up.
const { parseArgs } = process.getBuiltinModule('node:util');

/** The flags the scaffolder understands, as given on the command line (all optional). */
export interface CliFlags {
  readonly dir?: string;
  readonly name?: string;
  readonly description?: string;
  readonly template?: TemplateName;
  /** Features switched on or off explicitly, by `--features` or `--[no-]<feature>`. */
  readonly features?: Partial<Record<FeatureName, boolean>>;
  readonly pm?: PackageManager;
  readonly git?: boolean;
  readonly install?: boolean;
  readonly yes: boolean;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

const OPTIONS = {
  name: { type: 'string' },
  description: { type: 'string' },
  template: { type: 'string', short: 't' },
  features: { type: 'string' },
  examples: { type: 'boolean' },
  docs: { type: 'boolean' },
  ci: { type: 'boolean' },
  changesets: { type: 'boolean' },
  pm: { type: 'string' },
  git: { type: 'boolean' },
  install: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const usage = (detail: string) => createError('SCAFFOLD_BAD_USAGE', { detail });

/**
 * Parse the command line. Unknown flags, a second positional and invalid values are usage
 * errors (`SCAFFOLD_BAD_USAGE`, exit 2) naming the accepted values.
 */
export function parseCliFlags(argv: readonly string[]): CliFlags {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
  } catch (error) {
    throw usage((error as Error).message.replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw usage(`Expected at most one folder, got ${positionals.map((p) => `"${p}"`).join(', ')}`);
  }
  const template = values.template;
  if (template !== undefined && !isTemplateName(template)) {
    throw usage(
      `Unknown template "${template}"; choose one of ${TEMPLATES.map((t) => t.value).join(', ')}`,
    );
  }
  if (values.pm !== undefined && !isPackageManager(values.pm)) {
    throw usage(
      `Unknown package manager "${values.pm}"; choose one of ${PACKAGE_MANAGERS.join(', ')}`,
    );
  }
  const features: Partial<Record<FeatureName, boolean>> = {};
  if (values.features !== undefined) {
    const list = values.features
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '' && f !== 'none');
    for (const f of list) {
      if (!isFeatureName(f)) {
        throw usage(
          `Unknown feature "${f}"; choose from ${FEATURES.map((x) => x.value).join(', ')} (or none)`,
        );
      }
    }
    for (const f of FEATURES) features[f.value] = list.includes(f.value);
  }
  for (const f of FEATURES) {
    const v = values[f.value];
    if (v !== undefined) features[f.value] = v;
  }
  return {
    ...(positionals[0] === undefined ? {} : { dir: positionals[0] }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.description === undefined ? {} : { description: values.description }),
    ...(template === undefined ? {} : { template }),
    ...(Object.keys(features).length === 0 ? {} : { features }),
    ...(values.pm === undefined ? {} : { pm: values.pm }),
    ...(values.git === undefined ? {} : { git: values.git }),
    ...(values.install === undefined ? {} : { install: values.install }),
    yes: values.yes === true,
    force: values.force === true,
    dryRun: values['dry-run'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}
