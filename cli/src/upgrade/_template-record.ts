import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import {
  isFeatureName,
  isPackageManager,
  isTemplateName,
  TEMPLATE_RECORD_PATH,
  type TemplateRecord,
} from 'create-stack-plugin';
import { cliErrors } from '../cli-errors.js';

const HASH = /^sha256-[0-9a-f]{64}$/;

const invalid = (detail: string) =>
  createError(cliErrors.UPGRADE_TEMPLATE_RECORD_INVALID, { file: TEMPLATE_RECORD_PATH, detail });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A project path as the scaffolder writes it: relative, `/`-separated, never leaving the project. */
function isProjectPath(path: string): boolean {
  return (
    path !== '' &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !path.includes('\0') &&
    path.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

/**
 * Check a parsed record field by field; the first problem found is the error. Paths are
 * checked because upgrade writes to them.
 */
function checkTemplateRecord(value: unknown): TemplateRecord {
  if (!isObject(value)) throw invalid('it is not a JSON object');
  const { template, templateVersion, features, answers, files } = value;
  if (typeof template !== 'string' || !isTemplateName(template)) {
    throw invalid(`"template" is ${JSON.stringify(template)}, not a template name`);
  }
  if (typeof templateVersion !== 'string' || templateVersion === '') {
    throw invalid('"templateVersion" is missing');
  }
  if (
    !isObject(features) ||
    !Object.entries(features).every(([k, v]) => isFeatureName(k) && typeof v === 'boolean')
  ) {
    throw invalid('"features" is not an object of feature names and booleans');
  }
  if (!isObject(files) || Object.keys(files).length === 0) {
    throw invalid('"files" is not an object of file hashes');
  }
  for (const [path, hash] of Object.entries(files)) {
    if (!isProjectPath(path))
      throw invalid(`the file path ${JSON.stringify(path)} is not inside the project`);
    if (typeof hash !== 'string' || !HASH.test(hash)) {
      throw invalid(`the hash of ${path} is ${JSON.stringify(hash)}, not sha256-<64 hex digits>`);
    }
  }
  if (answers !== undefined) {
    if (
      !isObject(answers) ||
      typeof answers.name !== 'string' ||
      typeof answers.description !== 'string' ||
      typeof answers.pm !== 'string' ||
      !isPackageManager(answers.pm) ||
      !Number.isInteger(answers.year)
    ) {
      throw invalid('"answers" lacks a name, description, package manager or year');
    }
  }
  return value as unknown as TemplateRecord;
}

/**
 * Read and check `.stack-plugin/template.json` of the project in `dir`.
 *
 * @throws {@link StackPluginError} `UPGRADE_NO_TEMPLATE_RECORD`, `UPGRADE_TEMPLATE_RECORD_INVALID`.
 */
export async function readTemplateRecord(dir: string): Promise<TemplateRecord> {
  let text: string;
  try {
    text = await readFile(join(dir, TEMPLATE_RECORD_PATH), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw createError(cliErrors.UPGRADE_NO_TEMPLATE_RECORD, { dir, file: TEMPLATE_RECORD_PATH });
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not valid JSON (${(error as Error).message})`);
  }
  return checkTemplateRecord(value);
}
