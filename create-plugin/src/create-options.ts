import type { OptionSpecs } from '@stack-plugin/pdk/cli-kit';
import { FEATURES, type FeatureName, TEMPLATES } from './choices.js';
import { PACKAGE_MANAGERS } from './package-manager.js';

type FeatureFlag = {
  readonly type: 'boolean';
  readonly negatable: true;
  readonly group: 'Answers';
  readonly description: string;
};

/** `--[no-]<feature>` for each feature, described by the feature's own hint. */
const FEATURE_OPTIONS = Object.fromEntries(
  FEATURES.map((f) => [
    f.value,
    { type: 'boolean', negatable: true, group: 'Answers', description: f.hint },
  ]),
) as Record<FeatureName, FeatureFlag>;

/**
 * Every flag of `create-stack-plugin`: `parseCliFlags` (cli-options.ts) parses with it and
 * `--help` (help-text.ts) is generated from it, so the two cannot drift apart. Every question
 * the scaffolder asks is one of the `Answers`. A module of its own, free of the error catalog,
 * so that `--help` loads the table and the kit's formatter and nothing else.
 */
export const CREATE_OPTIONS = {
  name: {
    type: 'string',
    valueName: 'name',
    group: 'Answers',
    description: 'Package name (default: the folder name)',
  },
  description: {
    type: 'string',
    valueName: 'text',
    group: 'Answers',
    description: 'One-line description (default: "A Stack plugin")',
  },
  template: {
    type: 'string',
    short: 't',
    valueName: 'name',
    group: 'Answers',
    description: 'Plugin category (default: integration):',
    choices: TEMPLATES,
  },
  features: {
    type: 'string',
    valueName: 'list',
    group: 'Answers',
    description: 'Comma-separated features to include, or "none" (default: all); or one by one:',
  },
  ...FEATURE_OPTIONS,
  pm: {
    type: 'string',
    valueName: 'name',
    group: 'Answers',
    description: `Package manager: ${PACKAGE_MANAGERS.join(', ')} (default: the one running this)`,
  },
  git: {
    type: 'boolean',
    negatable: true,
    group: 'Answers',
    description: 'Initialise a git repository with a first commit (default: yes)',
  },
  install: {
    type: 'boolean',
    negatable: true,
    group: 'Answers',
    description: 'Install dependencies (default: yes)',
  },
  yes: {
    type: 'boolean',
    short: 'y',
    group: 'Behaviour',
    description: 'Take the default for every answer not given as a flag',
  },
  force: {
    type: 'boolean',
    group: 'Behaviour',
    description: 'Allow a non-empty folder; files are added, existing ones never overwritten',
  },
  'dry-run': {
    type: 'boolean',
    group: 'Behaviour',
    description: 'Print the files that would be written, write nothing',
  },
  help: { type: 'boolean', short: 'h', group: 'Behaviour', description: 'Show this help' },
  version: { type: 'boolean', short: 'v', group: 'Behaviour', description: 'Show the version' },
} as const satisfies OptionSpecs;
