import type { FeatureSet, TemplateName } from './choices.js';
import type { Answers } from './create-context.js';
import { type PackageManager, packageManagerCommands } from './package-manager.js';

/** Exact versions of third-party tools the generated projects use (templates/versions.json). */
export type ToolVersions = Readonly<Record<string, string>>;

/** The data every Handlebars template is rendered with. */
export interface TemplateData {
  readonly name: string;
  /** The name without its scope: `@acme/x` -> `x`. */
  readonly unscopedName: string;
  readonly description: string;
  readonly template: TemplateName;
  readonly features: FeatureSet;
  readonly pm: PackageManager;
  /** How to run a package.json script with this package manager (`npm run`). */
  readonly run: string;
  /** How to install dependencies (`npm install`). */
  readonly install: string;
  /** The kit release: `@stack-plugin/*` dependencies use `^<version>`. */
  readonly kitVersion: string;
  readonly versions: ToolVersions;
  readonly year: number;
}

/** Build the render data from the answers. */
export function createTemplateData(
  answers: Answers,
  kitVersion: string,
  versions: ToolVersions,
  now: Date = new Date(),
): TemplateData {
  const commands = packageManagerCommands(answers.pm);
  return {
    name: answers.name,
    unscopedName: answers.name.replace(/^@[^/]+\//, ''),
    description: answers.description,
    template: answers.template,
    features: answers.features,
    pm: answers.pm,
    run: commands.run,
    install: commands.install.join(' '),
    kitVersion,
    versions,
    year: now.getUTCFullYear(),
  };
}
