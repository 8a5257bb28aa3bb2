import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureSet, TemplateName } from './choices.js';
import { planFiles, TEMPLATE_RECORD_PATH } from './file-plan.js';
import { packageManagerCommands } from './package-manager.js';
import type { TemplateData, ToolVersions } from './template-data.js';
import type { TemplateAnswers, TemplateRecord } from './template-record.js';

/** What a render depends on: the choices and answers a {@link TemplateRecord} keeps. */
export interface TemplateRenderInput {
  readonly template: TemplateName;
  readonly features: FeatureSet;
  readonly answers: TemplateAnswers;
  /** Recorded as the record's `generator`. */
  readonly generator: string;
}

/** A template set's version and the tool versions its projects pin (`versions.json`). */
export interface TemplateSetInfo {
  readonly version: string;
  readonly versions: ToolVersions;
}

/** Read the version of the template set in `templatesDir` and the tool versions it pins. */
export async function readTemplateSet(templatesDir: string): Promise<TemplateSetInfo> {
  const pkg = JSON.parse(await readFile(join(templatesDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  const versions = JSON.parse(
    await readFile(join(templatesDir, 'versions.json'), 'utf8'),
  ) as ToolVersions;
  return { version: String(pkg.version), versions };
}

/**
 * Render the project files of the template set in `templatesDir` into the empty folder
 * `outDir`, exactly as `create-stack-plugin` writes them (same plan, same renderer, the
 * record included), without questions, install or git. `stack-plugin upgrade` renders a
 * project's recorded version and its target version this way. Returns the record written.
 */
export async function renderTemplateSet(
  templatesDir: string,
  input: TemplateRenderInput,
  outDir: string,
): Promise<TemplateRecord> {
  const set = await readTemplateSet(templatesDir);
  const { answers } = input;
  const commands = packageManagerCommands(answers.pm);
  const data: TemplateData = {
    name: answers.name,
    unscopedName: answers.name.replace(/^@[^/]+\//, ''),
    description: answers.description,
    template: input.template,
    features: input.features,
    pm: answers.pm,
    run: commands.run,
    install: commands.install.join(' '),
    kitVersion: set.version,
    versions: set.versions,
    year: answers.year,
  };
  const plan = await planFiles(templatesDir, input.template, input.features);
  // Loaded here: rendering may need node-plop, most of a scaffolder's start-up time.
  const { renderFiles } = await import('./render-files.js');
  await renderFiles(plan, outDir, { templatesDir, data, generator: input.generator });
  return JSON.parse(await readFile(join(outDir, TEMPLATE_RECORD_PATH), 'utf8')) as TemplateRecord;
}
