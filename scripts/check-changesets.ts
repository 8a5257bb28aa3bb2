// Checks that every publishable workspace package changed since a base ref is named by a
// changeset added since that ref. `changeset status` only fails when there are no changesets
// at all, so a branch that adds one changeset for pdk could still ship host changes silently.
//
//   node scripts/check-changesets.ts [--since <ref>] [--json]
//
// Runs under plain Node 24 (type stripping): erasable TypeScript only; its one dependency is
// @changesets/parse, so front matter is read exactly as `changeset version` reads it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob, relative } from 'node:path';
import { parseChangesetFile } from '@changesets/parse';

/** A publishable workspace package. */
export interface WorkspacePackage {
  name: string;
  /** Folder relative to the repository root, `/`-separated. */
  dir: string;
}

/** The outcome for one changed package. */
export interface PackageCheck {
  name: string;
  /** Changed files that count (after `changedFilePatterns`), relative to the package. */
  files: string[];
  /** Changesets (file names) added since the base that name the package. */
  changesets: string[];
}

/** The whole check. */
export interface ChangesetCheck {
  ok: boolean;
  base: string;
  changed: PackageCheck[];
  missing: string[];
  /** An empty changeset (`changeset --empty`) was added: no release needed. */
  emptyChangeset: boolean;
}

const git = (root: string, args: string[]): string =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Files changed between the merge base with `base` and the working tree, plus untracked ones. */
export function changedFiles(root: string, base: string): string[] {
  let mergeBase: string;
  try {
    mergeBase = git(root, ['merge-base', base, 'HEAD']).trim();
  } catch (error) {
    throw new Error(
      `cannot find the merge base of "${base}" and HEAD (is the ref fetched? in CI run \`git fetch origin main\` first)`,
      { cause: error },
    );
  }
  const tracked = git(root, ['diff', '--name-only', '--no-renames', mergeBase]).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n');
  return [...new Set([...tracked, ...untracked].filter((f) => f !== ''))].sort();
}

/** The publishable (non-private) packages of the root package.json's `workspaces`. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  const dirs: string[] = [];
  for (const pattern of rootPkg.workspaces ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
      }
    } else {
      dirs.push(pattern);
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({
      dir,
      pkg: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        private?: boolean;
      },
    }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir }));
}

/** Whether `file` (package-relative) counts, by changesets' `changedFilePatterns` semantics. */
export function countsAsChange(file: string, patterns: readonly string[]): boolean {
  let counts = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(file, pattern.slice(1))) counts = false;
    } else if (matchesGlob(file, pattern)) {
      counts = true;
    }
  }
  return counts;
}

/** Package names in a changeset's front matter, read by the changesets CLI's own parser. */
export function changesetPackages(text: string): string[] {
  return parseChangesetFile(text).releases.map((release) => release.name);
}

/** Run the check for the repository at `root` against `base`. */
export function checkChangesets(root: string, base: string): ChangesetCheck {
  const configFile = join(root, '.changeset', 'config.json');
  const config = existsSync(configFile)
    ? (JSON.parse(readFileSync(configFile, 'utf8')) as { changedFilePatterns?: string[] })
    : {};
  const patterns = config.changedFilePatterns ?? ['**'];
  const files = changedFiles(root, base);
  const added = files.filter(
    (f) =>
      /^\.changeset\/[^/]+\.md$/.test(f) &&
      f !== '.changeset/README.md' &&
      existsSync(join(root, f)),
  );
  const named = new Map<string, string>();
  let emptyChangeset = false;
  const byChangeset = new Map<string, string[]>();
  for (const file of added) {
    let packages: string[];
    try {
      packages = changesetPackages(readFileSync(join(root, file), 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (packages.length === 0) emptyChangeset = true;
    byChangeset.set(file, packages);
    for (const name of packages) named.set(name, file);
  }
  const changed: PackageCheck[] = [];
  for (const pkg of workspacePackages(root)) {
    const own = files
      .filter((f) => f.startsWith(`${pkg.dir}/`))
      .map((f) => relative(pkg.dir, f).replaceAll('\\', '/'))
      .filter((f) => countsAsChange(f, patterns));
    if (own.length === 0) continue;
    const changesets = [...byChangeset]
      .filter(([, names]) => names.includes(pkg.name))
      .map(([f]) => f);
    changed.push({ name: pkg.name, files: own, changesets });
  }
  const missing = emptyChangeset
    ? []
    : changed.filter((c) => c.changesets.length === 0).map((c) => c.name);
  return { ok: missing.length === 0, base, changed, missing, emptyChangeset };
}

function main(argv: string[]): number {
  const sinceAt = argv.indexOf('--since');
  const base = sinceAt === -1 ? 'origin/main' : (argv[sinceAt + 1] ?? 'origin/main');
  const root = git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  let result: ChangesetCheck;
  try {
    result = checkChangesets(root, base);
  } catch (error) {
    process.stderr.write(
      `check-changesets: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  if (result.changed.length === 0) {
    process.stdout.write(`No publishable package changed since ${base}.\n`);
    return 0;
  }
  for (const pkg of result.changed) {
    const mark = pkg.changesets.length > 0 ? 'ok  ' : result.emptyChangeset ? 'skip' : 'MISS';
    const why =
      pkg.changesets.length > 0 ? pkg.changesets.join(', ') : `${pkg.files.length} changed file(s)`;
    process.stdout.write(`${mark} ${pkg.name}: ${why}\n`);
  }
  if (result.emptyChangeset)
    process.stdout.write('An empty changeset says no release is needed.\n');
  if (!result.ok) {
    process.stderr.write(
      `\n${result.missing.length} changed package(s) have no changeset since ${base}: ${result.missing.join(', ')}.\n` +
        'Run `npx changeset` and select them (or `npx changeset --empty` if nothing needs a release).\n',
    );
  }
  return result.ok ? 0 : 1;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
