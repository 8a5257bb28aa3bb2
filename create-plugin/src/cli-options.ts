import { checkChoice, parseOptions, UsageError } from '@stack-plugin/pdk/cli-kit';
import { createError } from '@stack-plugin/pdk/errors';
import { FEATURES, type FeatureName, TEMPLATES, type TemplateName } from './choices.js';
import { CREATE_OPTIONS } from './create-options.js';
import { PACKAGE_MANAGERS, type PackageManager } from './package-manager.js';
import { scaffoldErrors } from './scaffold-errors.js';

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

/** Runs `parse`, turning a shared {@link UsageError} into the scaffolder's own code. */
export function asScaffoldUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) {
      throw createError(
        scaffoldErrors.SCAFFOLD_BAD_USAGE,
        {
          detail: error.message,
          ...(error.command === undefined ? {} : { command: error.command }),
        },
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Parse the command line. Unknown flags, a second positional and invalid values are usage
 * errors (`SCAFFOLD_BAD_USAGE`, exit 2) naming the accepted values, with a did-you-mean.
 */
export function parseCliFlags(argv: readonly string[]): CliFlags {
  return asScaffoldUsage(() => readCliFlags(argv));
}

function readCliFlags(argv: readonly string[]): CliFlags {
  const { values, positionals } = parseOptions(CREATE_OPTIONS, argv);
  if (positionals.length > 1) {
    throw new UsageError(
      `Expected at most one folder, got ${positionals.map((p) => `"${p}"`).join(', ')}`,
    );
  }
  const template =
    values.template === undefined
      ? undefined
      : checkChoice(
          'template',
          values.template,
          TEMPLATES.map((t) => t.value),
        );
  const pm =
    values.pm === undefined
      ? undefined
      : checkChoice('package manager', values.pm, PACKAGE_MANAGERS);
  const features: Partial<Record<FeatureName, boolean>> = {};
  if (values.features !== undefined) {
    const list = values.features
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '' && f !== 'none')
      .map((f) => checkChoice('feature', f, [...FEATURES.map((x) => x.value), 'none']));
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
    ...(pm === undefined ? {} : { pm }),
    ...(values.git === undefined ? {} : { git: values.git }),
    ...(values.install === undefined ? {} : { install: values.install }),
    yes: values.yes === true,
    force: values.force === true,
    dryRun: values['dry-run'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}
