import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createError, type ErrorJson, toErrorJson } from '@stack-plugin/pdk';
import { findUp, toPosix } from './_paths.js';
import { diffApiReports } from './api-diff.js';
import { type ApiChange, type Bump, bumpCovers, maxBump } from './bump.js';
import { readDeclaredBump } from './changesets.js';
import { docsGenErrors } from './docs-gen-errors.js';
import { diffManifests } from './manifest-diff.js';

type Json = { readonly [k: string]: unknown };

/** The previous version a package is compared with. */
export interface ApiBaseline {
  /** Its API report text, if it had one. */
  readonly report?: string;
  /** Its manifest, if it is a plugin. */
  readonly manifest?: Json;
  /** Where it came from, for messages (`origin/main`, a folder). */
  readonly label: string;
}

/** Input of {@link evaluateApiCheck}; pure data so every rule is testable without I/O. */
export interface ApiCheckInput {
  readonly packageName: string;
  /** The report generated from the sources now. */
  readonly report: string;
  readonly reportFile: string;
  readonly manifest?: Json;
  /** The report committed in `etc/`, or undefined when there is none. */
  readonly committedReport?: string;
  readonly baseline?: ApiBaseline;
  readonly declared: { readonly bump: Bump; readonly files: readonly string[] };
}

/** Outcome of the API check. */
export interface ApiCheckResult {
  readonly ok: boolean;
  /** Whether `etc/<pkg>.api.md` matches the sources. */
  readonly reportUpToDate: boolean;
  /** The bump the changes need, against the baseline. */
  readonly required: Bump;
  readonly declared: Bump;
  readonly changes: readonly ApiChange[];
  /** Changes that widen what the plugin may do; shown first and called out to reviewers. */
  readonly securityChanges: readonly ApiChange[];
  /** `API_REPORT_OUTDATED` and/or `API_CHANGE_UNDECLARED`, as CLI error JSON. */
  readonly problems: readonly ErrorJson[];
  readonly baseline?: string;
}

/**
 * The rules of `stack-plugin docs --check`: the committed report must match the sources, and
 * the changes since the baseline (API and manifest) must not need a larger bump than the
 * package's changesets declare.
 */
export function evaluateApiCheck(input: ApiCheckInput): ApiCheckResult {
  const problems: ErrorJson[] = [];
  const reportUpToDate = input.committedReport === input.report;
  if (!reportUpToDate) {
    const changes =
      input.committedReport === undefined
        ? ['no report is committed']
        : diffApiReports(input.committedReport, input.report).map((c) => c.description);
    problems.push(
      toErrorJson(
        createError(docsGenErrors.API_REPORT_OUTDATED, {
          plugin: input.packageName,
          file: input.reportFile,
          changes,
          command: 'stack-plugin docs --update-report',
        }),
      ),
    );
  }
  const changes = input.baseline
    ? [
        ...(input.baseline.report === undefined
          ? []
          : diffApiReports(input.baseline.report, input.report)),
        ...diffManifests(input.baseline.manifest, input.manifest),
      ]
    : [];
  const required = maxBump(changes.map((c) => c.bump));
  if (!bumpCovers(input.declared.bump, required)) {
    const strongest = changes.filter((c) => c.bump === required).map((c) => c.description);
    problems.push(
      toErrorJson(
        createError(docsGenErrors.API_CHANGE_UNDECLARED, {
          plugin: input.packageName,
          required,
          changes: strongest,
          ...(input.declared.bump === 'none' ? {} : { declared: input.declared.bump }),
        }),
      ),
    );
  }
  return {
    ok: problems.length === 0,
    reportUpToDate,
    required,
    declared: input.declared.bump,
    changes,
    securityChanges: changes.filter((c) => c.security),
    problems,
    ...(input.baseline ? { baseline: input.baseline.label } : {}),
  };
}

const exec = promisify(execFile);

async function gitShow(cwd: string, ref: string, path: string): Promise<string | undefined> {
  try {
    return (await exec('git', ['show', `${ref}:${path}`], { cwd, maxBuffer: 32 * 1024 * 1024 }))
      .stdout;
  } catch {
    return undefined;
  }
}

async function gitRefExists(cwd: string, ref: string): Promise<boolean> {
  try {
    await exec('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd });
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the baseline: from a folder holding the previous version (`baseDir`), or from a git
 * ref (`baseRef`, read with `git show`, never changing the checkout). Without either, the first
 * of `origin/main` and `main` that exists; undefined if none does (a new repository).
 */
export async function loadBaseline(input: {
  dir: string;
  reportFile: string;
  baseDir?: string;
  baseRef?: string;
}): Promise<ApiBaseline | undefined> {
  const { dir, reportFile } = input;
  if (input.baseDir) {
    const read = async (p: string) => (existsSync(p) ? readFile(p, 'utf8') : undefined);
    const report = await read(join(input.baseDir, 'etc', reportFile));
    const manifestText = await read(join(input.baseDir, 'stack-plugin.json'));
    return {
      label: input.baseDir,
      ...(report === undefined ? {} : { report }),
      ...(manifestText === undefined ? {} : { manifest: JSON.parse(manifestText) as Json }),
    };
  }
  let ref = input.baseRef;
  if (!ref) {
    for (const candidate of ['origin/main', 'main']) {
      if (await gitRefExists(dir, candidate)) {
        ref = candidate;
        break;
      }
    }
  }
  if (!ref) return undefined;
  if (!(await gitRefExists(dir, ref))) {
    throw createError(docsGenErrors.API_BASE_REF_NOT_FOUND, { ref });
  }
  const top = (await exec('git', ['rev-parse', '--show-toplevel'], { cwd: dir })).stdout.trim();
  const rel = toPosix(relative(top, dir));
  const prefix = rel === '' ? '' : `${rel}/`;
  const report = await gitShow(dir, ref, `${prefix}etc/${reportFile}`);
  const manifestText = await gitShow(dir, ref, `${prefix}stack-plugin.json`);
  return {
    label: ref,
    ...(report === undefined ? {} : { report }),
    ...(manifestText === undefined ? {} : { manifest: JSON.parse(manifestText) as Json }),
  };
}

/** Runs the whole check for a package whose docs were just generated. */
export async function checkPackageApi(input: {
  dir: string;
  packageName: string;
  report: { fileName: string; text: string };
  manifest?: Json;
  baseDir?: string;
  baseRef?: string;
}): Promise<ApiCheckResult> {
  const committedPath = join(input.dir, 'etc', input.report.fileName);
  const committedReport = existsSync(committedPath)
    ? await readFile(committedPath, 'utf8')
    : undefined;
  const baseline = await loadBaseline({
    dir: input.dir,
    reportFile: input.report.fileName,
    ...(input.baseDir ? { baseDir: input.baseDir } : {}),
    ...(input.baseRef ? { baseRef: input.baseRef } : {}),
  });
  const changesetDir = findUp(input.dir, '.changeset');
  const declared = await readDeclaredBump(changesetDir, input.packageName);
  return evaluateApiCheck({
    packageName: input.packageName,
    report: input.report.text,
    reportFile: `etc/${input.report.fileName}`,
    ...(input.manifest ? { manifest: input.manifest } : {}),
    ...(committedReport === undefined ? {} : { committedReport }),
    ...(baseline ? { baseline } : {}),
    declared,
  });
}
