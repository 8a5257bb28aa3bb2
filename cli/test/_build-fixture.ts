import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const temps: string[] = [];

/**
 * Plugins import @stack-plugin/pdk the way an installed one does: through its package.json
 * exports, i.e. its dist. Builds it (incremental, so cheap after `npm run build`); when the pdk
 * does not compile at this moment, the dist of the last good build still serves.
 */
export async function buildPdk(): Promise<void> {
  try {
    execFileSync(
      process.execPath,
      [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'pdk/tsconfig.build.json'],
      { cwd: repo, stdio: 'pipe' },
    );
  } catch (error) {
    if (!(await stat(join(repo, 'pdk/dist/index.js')).catch(() => undefined))) throw error;
  }
}

/** The `stack-plugin` bin, which runs cli/dist (see {@link buildCli}). */
export const CLI_BIN = join(repo, 'cli', 'bin', 'stack-plugin.js');

/** Builds the CLI and what it imports (host, pdk, ...) for tests that spawn the real bin; incremental. */
export function buildCli(): void {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    { cwd: repo, stdio: 'pipe' },
  );
}

/** Copies a fixture into a temporary workspace where `@stack-plugin/pdk` is installed. */
export async function copyBuildFixture(
  name: string,
  prefix = 'stack-cli-build-',
): Promise<{ root: string; dir: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  temps.push(root);
  const dir = join(root, 'plugin');
  await cp(join(fixtures, name), dir, { recursive: true });
  await mkdir(join(root, 'node_modules', '@stack-plugin'), { recursive: true });
  await symlink(join(repo, 'pdk'), join(root, 'node_modules', '@stack-plugin', 'pdk'), 'dir');
  return { root, dir };
}

/** Removes every workspace {@link copyBuildFixture} made. */
export async function removeBuildFixtures(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
