// `node e2e/install-size.ts [--json]` (after `npm run build`): what a user's `npm install` of
// the kit's packages puts on disk. The workspace is published to a throwaway local registry
// (Verdaccio, third-party packages mirrored from node_modules, no network); each case installs
// into an empty folder with a cold npm cache and reports `du -sb node_modules`, the largest
// packages and whether any author tooling (typescript, typedoc, api-extractor, esbuild) came
// along. A size, not a time: one run is the figure.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startKitRegistry } from './support/kit-registry.ts';
import { run } from './support/run.ts';

/** What a case installs. */
export interface InstallCase {
  readonly name: string;
  readonly packages: readonly string[];
}

export const INSTALL_CASES: readonly InstallCase[] = [
  { name: 'host application (add/run)', packages: ['@stack-plugin/host', '@stack-plugin/cli'] },
  { name: 'host library only', packages: ['@stack-plugin/host'] },
  { name: 'scaffolder (npm create)', packages: ['create-stack-plugin'] },
];

/** Packages a host application must not get: they belong to plugin authors. */
export const AUTHOR_TOOLING = [
  'typescript',
  'typedoc',
  '@microsoft/api-extractor',
  'esbuild',
] as const;

/** One installed package folder and its size. */
export interface InstalledPackage {
  readonly name: string;
  readonly bytes: number;
}

/** The sizes of one install. */
export interface InstallSize {
  readonly name: string;
  readonly packages: readonly string[];
  readonly bytes: number;
  readonly packageCount: number;
  readonly largest: readonly InstalledPackage[];
  readonly authorTooling: readonly string[];
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else total += (await stat(path)).size;
  }
  return total;
}

/** Every package folder under `node_modules` (nested ones included), with its own size. */
async function installedPackages(nodeModules: string): Promise<InstalledPackage[]> {
  const found: InstalledPackage[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@') && prefix === '') {
        await visit(path, `${entry.name}/`);
        continue;
      }
      const name = `${prefix}${entry.name}`;
      const nested = join(path, 'node_modules');
      const nestedBytes = await folderBytes(nested).catch(() => 0);
      found.push({ name, bytes: (await folderBytes(path)) - nestedBytes });
      await visit(nested, '');
    }
  };
  await visit(nodeModules, '');
  return found;
}

/** Install each case into an empty folder from `registry` and measure it. */
export async function measureInstall(
  work: string,
  env: Record<string, string>,
  install: InstallCase,
): Promise<InstallSize> {
  const dir = join(work, install.name.replace(/\W+/g, '-'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  const cold = { ...env, npm_config_cache: join(dir, '.npm-cache') };
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...install.packages],
    { cwd: dir, env: cold },
  );
  const nodeModules = join(dir, 'node_modules');
  const packages = await installedPackages(nodeModules);
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const locked = new Set(
    Object.keys(lock.packages).map((key) => key.slice(key.lastIndexOf('node_modules/') + 13)),
  );
  return {
    name: install.name,
    packages: install.packages,
    bytes: await folderBytes(nodeModules),
    packageCount: packages.length,
    largest: packages.sort((a, b) => b.bytes - a.bytes).slice(0, 8),
    authorTooling: AUTHOR_TOOLING.filter((name) => locked.has(name)),
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

if (import.meta.main) {
  const json = process.argv.includes('--json');
  const say = (text: string) => (json ? process.stderr : process.stdout).write(`${text}\n`);
  const repo = join(import.meta.dirname, '..');
  const kit = await startKitRegistry({ repo, say });
  try {
    const results: InstallSize[] = [];
    for (const install of INSTALL_CASES) {
      const size = await measureInstall(join(kit.registry.root, 'installs'), kit.env, install);
      results.push(size);
      say(`\nnpm install ${size.packages.join(' ')}  (${size.name})`);
      say(`  node_modules: ${mb(size.bytes)} in ${size.packageCount} packages`);
      say(`  author tooling: ${size.authorTooling.join(', ') || 'none'}`);
      for (const p of size.largest) say(`    ${mb(p.bytes).padStart(9)}  ${p.name}`);
    }
    if (json) process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
  } finally {
    await kit.registry.stop();
  }
}
