import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import {
  listFiles,
  renderTemplateSet,
  TEMPLATE_RECORD_PATH,
  type TemplateAnswers,
  type TemplateRecord,
} from 'create-stack-plugin';
import semver from 'semver';
import { undoOnFailureOrSignal } from '../_undo-on-signal.js';
import { cliErrors } from '../cli-errors.js';
import { cliVersion } from '../version.js';
import { bumpDependencies, type DependencyBump } from './_bump-dependencies.js';
import { uncommittedChanges } from './_git.js';
import { type FileResult, mergeTemplateFiles } from './_merge-template-files.js';
import { type MigrationChange, runMigrations } from './_run-migrations.js';
import { readTemplateRecord } from './_template-record.js';
import {
  installedTemplateSet,
  obtainTemplateSet,
  type TemplateSet,
  type TemplateSetOptions,
} from './_template-set.js';
import { migrationsBetween } from './migrations/index.js';

/** What `stack-plugin upgrade` is asked to do. */
export interface UpgradeOptions extends TemplateSetOptions {
  /** Target kit version; default: the templates this CLI installs with. */
  readonly to?: string | undefined;
  /** Upgrade although the project has uncommitted changes. */
  readonly force?: boolean;
}

/** The upgrade of one project, staged and not yet written. */
export interface StagedUpgrade {
  readonly dir: string;
  readonly from: string;
  readonly to: string;
  /** The package manager the project was generated for. */
  readonly pm: TemplateAnswers['pm'];
  readonly files: readonly FileResult[];
  readonly bumps: readonly DependencyBump[];
  readonly migrated: readonly MigrationChange[];
  /** Project path -> new bytes, for every file that changes (held in memory). */
  readonly changes: ReadonlyMap<string, Buffer>;
}

/** Top folders never copied into the staged project: what tools make, and git's own. */
const NOT_STAGED = new Set(['node_modules', '.git', 'dist', 'docs-site']);

/**
 * Plan and stage the upgrade of the project in `dir`: render its recorded template version
 * and the target with the recorded answers, merge every template file into a copy of the
 * project, bump the kit's dependencies, run the migrations of the versions crossed and write
 * the new record. Nothing in `dir` changes; {@link StagedUpgrade.changes} is what would.
 *
 * @throws {@link StackPluginError} `UPGRADE_NO_TEMPLATE_RECORD`,
 * `UPGRADE_TEMPLATE_RECORD_INVALID`, `UPGRADE_UNCOMMITTED_CHANGES` (unless `force`),
 * `UPGRADE_VERSION_UNKNOWN`, `UPGRADE_TARGET_TOO_NEW`.
 */
export async function stageUpgrade(dir: string, options: UpgradeOptions): Promise<StagedUpgrade> {
  const record = await readTemplateRecord(dir);
  if (options.force !== true) {
    const reason = await uncommittedChanges(dir);
    if (reason !== undefined) {
      throw createError(cliErrors.UPGRADE_UNCOMMITTED_CHANGES, { dir, detail: reason });
    }
  }
  const from = record.templateVersion;
  if (semver.valid(from) === null) {
    throw createError(cliErrors.UPGRADE_VERSION_UNKNOWN, {
      version: from,
      detail: `${TEMPLATE_RECORD_PATH} records it, but it is not a semver version`,
    });
  }
  const installed = await installedTemplateSet();
  const to = options.to ?? installed.version;
  if (semver.valid(to) === null) {
    throw createError(cliErrors.UPGRADE_VERSION_UNKNOWN, {
      version: to,
      detail: 'it is not a semver version (like 1.2.3)',
    });
  }
  if (semver.gt(to, installed.version)) {
    throw createError(cliErrors.UPGRADE_TARGET_TOO_NEW, { target: to, cli: installed.version });
  }
  if (semver.lt(to, from)) {
    throw createError(cliErrors.UPGRADE_VERSION_UNKNOWN, {
      version: to,
      detail: `it is older than the project's template version ${from}, and upgrade never goes back`,
    });
  }
  const answers = record.answers ?? (await answersFromProject(dir));
  const pm = answers.pm;
  if (to === from) {
    return { dir, from, to, pm, files: [], bumps: [], migrated: [], changes: new Map() };
  }
  const scratch = await mkdtemp(join(tmpdir(), 'stack-plugin-upgrade-'));
  const sets: TemplateSet[] = [];
  // Renders, fetched templates and the staged copy live outside the project and are removed
  // before this returns, also when a signal ends the run meanwhile: then synchronously, so
  // the staging still running cannot write into a folder being removed before the exit.
  const removeNow = async () => {
    for (const set of sets) set.disposeSync();
    rmSync(scratch, { recursive: true, force: true });
  };
  const stage = async (): Promise<StagedUpgrade> => {
    const oldSet = await obtainTemplateSet(from, options);
    sets.push(oldSet);
    const newSet = to === installed.version ? installed : await obtainTemplateSet(to, options);
    sets.push(newSet);
    const folders = {
      project: dir,
      oldRender: join(scratch, 'old'),
      newRender: join(scratch, 'new'),
      work: join(scratch, 'work'),
    };
    const input = {
      template: record.template,
      features: record.features,
      answers,
      generator: `stack-plugin@${cliVersion()} upgrade`,
    };
    await mkdir(folders.oldRender);
    await mkdir(folders.newRender);
    await renderTemplateSet(oldSet.dir, input, folders.oldRender);
    const newRecord = await renderTemplateSet(newSet.dir, input, folders.newRender);
    await cp(dir, folders.work, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !NOT_STAGED.has(relative(dir, source).split(sep)[0] ?? ''),
    });
    const files = await mergeTemplateFiles(
      record,
      new Set(await listFiles(folders.oldRender)),
      new Set(await listFiles(folders.newRender)),
      folders,
      { from, to },
    );
    let bumps: DependencyBump[] = [];
    const packageJson = join(folders.work, 'package.json');
    const conflictedPackage = files.some(
      (f) => f.path === 'package.json' && f.outcome === 'conflicted',
    );
    const packageText = conflictedPackage
      ? undefined
      : await readFile(packageJson, 'utf8').catch(() => undefined);
    if (packageText !== undefined) {
      const bumped = bumpDependencies(packageText, {
        kitVersion: to,
        oldTools: oldSet.versions,
        newTools: newSet.versions,
      });
      bumps = bumped.bumps;
      if (bumps.length > 0) await writeFile(packageJson, bumped.text);
    }
    const migrated = await runMigrations(folders.work, await migrationsBetween(from, to));
    const nextRecord: TemplateRecord = {
      ...newRecord,
      // Hashes of files the record holds besides the template's (`create-stack-plugin add`).
      files: Object.fromEntries(
        Object.entries({ ...record.files, ...newRecord.files })
          .filter(([path]) => path !== TEMPLATE_RECORD_PATH)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    };
    await mkdir(join(folders.work, '.stack-plugin'), { recursive: true });
    await writeFile(
      join(folders.work, TEMPLATE_RECORD_PATH),
      `${JSON.stringify(nextRecord, null, 2)}\n`,
    );
    const changes = new Map<string, Buffer>();
    for (const path of await listFiles(folders.work)) {
      const staged = await readFile(join(folders.work, path));
      const current = await readFile(join(dir, path)).catch(() => undefined);
      if (current === undefined || !current.equals(staged)) changes.set(path, staged);
    }
    return { dir, from, to, pm, files, bumps, migrated, changes };
  };
  try {
    return await undoOnFailureOrSignal(stage, removeNow, (text) => process.stderr.write(text), {
      undoing: 'nothing was written.',
    });
  } finally {
    await Promise.all(sets.map((set) => set.dispose()));
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The answers of a project whose record predates them: name and description from its
 * package.json, npm, this year. Only LICENSE (the year) and the package manager's commands
 * may then differ from the first render, which makes a merge of those files conflict rather
 * than go wrong.
 */
async function answersFromProject(dir: string): Promise<TemplateAnswers> {
  let pkg: { name?: unknown; description?: unknown } = {};
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch {
    // A missing or broken package.json renders with empty answers; its merge shows the rest.
  }
  return {
    name: typeof pkg.name === 'string' ? pkg.name : basename(dir),
    description: typeof pkg.description === 'string' ? pkg.description : '',
    pm: 'npm',
    year: new Date().getUTCFullYear(),
  };
}
