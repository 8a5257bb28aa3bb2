// Publishes every publishable workspace package to the local registry under one snapshot
// version, without touching the repository: each package is packed by npm, unpacked into a
// temp folder, re-versioned there (with its sibling dependencies pinned to the snapshot) and
// published with the real `npm publish`.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workspacePackages } from '../../scripts/check-changesets.ts';
import type { NpmEnv } from './npm-env.ts';
import { run } from './run.ts';

/** One published package. */
export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** `<base>-e2e.<timestamp>`: a prerelease no real release can collide with. */
export function snapshotVersion(base: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${base.replace(/-.*$/, '')}-e2e.${stamp}`;
}

/** Pack, re-version and publish every workspace package; returns what was published. */
export async function publishWorkspace(
  repo: string,
  work: string,
  env: NpmEnv,
  version: string,
  /** Runs on each staged package folder before it is published (tests of this machinery). */
  adjust?: (name: string, dir: string) => Promise<void>,
): Promise<PublishedPackage[]> {
  const packages = workspacePackages(repo);
  const names = new Set(packages.map((p) => p.name));
  const packs = join(work, 'packs');
  await mkdir(packs, { recursive: true });
  const packed = await run(
    'npm',
    [
      'pack',
      '--json',
      '--ignore-scripts',
      '--pack-destination',
      packs,
      ...packages.flatMap((p) => ['-w', p.dir]),
    ],
    { cwd: repo, env },
  );
  const reports = JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>;
  const published: PublishedPackage[] = [];
  await Promise.all(
    reports.map(async (report) => {
      const dir = join(work, 'stage', report.name);
      await mkdir(dir, { recursive: true });
      await run('tar', ['xzf', join(packs, report.filename), '-C', dir, '--strip-components=1'], {
        cwd: work,
        env,
      });
      const file = join(dir, 'package.json');
      const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      pkg.version = version;
      for (const field of DEP_FIELDS) {
        const deps = pkg[field] as Record<string, string> | undefined;
        if (deps === undefined) continue;
        for (const dep of Object.keys(deps)) {
          if (names.has(dep)) deps[dep] = deps[dep]?.startsWith('^') ? `^${version}` : version;
        }
      }
      await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
      // create-stack-plugin carries its own copy of the template set, whose version is the
      // kit version generated projects depend on: it moves with the package, as in a release.
      const shipped = join(dir, 'templates', 'package.json');
      if (existsSync(shipped)) {
        const set = JSON.parse(await readFile(shipped, 'utf8')) as Record<string, unknown>;
        await writeFile(shipped, `${JSON.stringify({ ...set, version }, null, 2)}\n`);
      }
      await adjust?.(report.name, dir);
      await run('npm', ['publish', '--ignore-scripts', '--tag', 'latest', '--access', 'public'], {
        cwd: dir,
        env,
      });
      published.push({ name: report.name, version, dir });
    }),
  );
  return published.sort((a, b) => a.name.localeCompare(b.name));
}

/** The roots of the third-party closure: the packages' runtime deps and the template tools. */
export async function dependencyRoots(
  repo: string,
): Promise<Array<{ from: string; names: string[] }>> {
  const packages = workspacePackages(repo);
  const own = new Set(packages.map((p) => p.name));
  const roots: Array<{ from: string; names: string[] }> = [];
  for (const { dir } of packages) {
    const pkg = JSON.parse(await readFile(join(repo, dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const optionalPeers = (pkg.peerDependenciesMeta ?? {}) as unknown as Record<
      string,
      { optional?: boolean }
    >;
    const names = [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}).filter((n) => optionalPeers[n]?.optional !== true),
    ].filter((n) => !own.has(n));
    roots.push({ from: dir, names });
  }
  const tools = JSON.parse(
    await readFile(join(repo, 'templates', 'versions.json'), 'utf8'),
  ) as Record<string, string>;
  roots.push({ from: '', names: Object.keys(tools) });
  return roots;
}
