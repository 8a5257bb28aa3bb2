// The distribution flow end to end, on loopback only: a local registry with every workspace
// package published under a snapshot version; `npm create stack-plugin` from it for every
// template, each project installed from the registry and passing its own test, build, docs and
// validate; the workflow plugin packed, signed and published, then found, added, run, updated
// and removed by `stack-plugin` in a separate host project. Prints per-phase timings.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@stack-plugin/pdk';
import { TEMPLATES } from 'create-stack-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR_TOOLING } from './install-size.ts';
import { type LocalRegistry, startLocalRegistry } from './support/local-registry.ts';
import { mirrorDependencies } from './support/mirror-dependencies.ts';
import { createNpmEnv, type NpmEnv } from './support/npm-env.ts';
import { Phases } from './support/phases.ts';
import { dependencyRoots, publishWorkspace, snapshotVersion } from './support/publish-workspace.ts';
import { run } from './support/run.ts';

const repo = join(import.meta.dirname, '..');
const phases = new Phases();
let registry: LocalRegistry;
let env: NpmEnv;
let version: string;
let projects: string;
let demo: string;
let hostDir: string;
const key = generateSigningKeyPair();

/**
 * Every template, the workflow one first: its project, `demo`, goes on to be published and
 * managed by a host, so its checks block that flow; each other template is a side chain.
 */
const templates = TEMPLATES.map((t) => t.value).sort(
  (a, b) => Number(b === 'workflow') - Number(a === 'workflow'),
);
const projectName = (template: string) => (template === 'workflow' ? 'demo' : `demo-${template}`);
const chainOf = (template: string) => (template === 'workflow' ? {} : { chain: template });
/**
 * How many generated projects install or run their checks at once. Their vitest runs and
 * bundles are CPU-bound, so more than the cores buys nothing; installs mostly wait on the
 * registry. `E2E_CONCURRENCY` overrides it.
 */
const concurrency = Number(process.env.E2E_CONCURRENCY ?? 2);

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const npm = (cwd: string, ...args: string[]) => run('npm', args, { cwd, env });
const npx = (cwd: string, ...args: string[]) => run('npx', args, { cwd, env });
const stackPlugin = (cwd: string, ...args: string[]) =>
  run(join(cwd, 'node_modules', '.bin', 'stack-plugin'), args, { cwd, env });

beforeAll(async () => {
  await phases.run('build the workspace (npm run build)', () =>
    run('npm', ['run', 'build'], { cwd: repo, env: { ...process.env } as NpmEnv }),
  );
  registry = await phases.run('start the local registry', () => startLocalRegistry());
  env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
  projects = join(registry.root, 'projects');
  demo = join(projects, projectName('workflow'));
  await mkdir(projects, { recursive: true });
});

afterAll(async () => {
  console.log(
    `\n${phases.summary(`Distribution e2e (registry ${registry?.url ?? 'not started'})`)}\n`,
  );
  await registry?.stop();
});

describe('distribution flow', () => {
  it('mirrors the third-party dependencies from node_modules into the registry', async () => {
    const result = await phases.run('mirror third-party dependencies', async () =>
      mirrorDependencies(repo, registry.url, await dependencyRoots(repo)),
    );
    expect(result.packages).toBeGreaterThan(10);
  });

  it('publishes every workspace package under a snapshot version', async () => {
    const base = (await readJson(join(repo, 'pdk', 'package.json'))).version as string;
    version = snapshotVersion(base);
    const published = await phases.run('publish workspace packages', () =>
      publishWorkspace(repo, join(registry.root, 'publish'), env, version),
    );
    expect(published.map((p) => p.name)).toContain('create-stack-plugin');
    const view = await npm(projects, 'view', 'create-stack-plugin@latest', 'version');
    expect(view.stdout.trim()).toBe(version);
    // One tarball for `npm create`: the scaffolder is bundled, with no dependencies to fetch.
    const deps = await npm(
      projects,
      'view',
      'create-stack-plugin@latest',
      'dependencies',
      '--json',
    );
    expect(deps.stdout.trim()).toBe('');
  });

  it('npm create stack-plugin@latest makes a project of every template, installed from the registry', async () => {
    const create = (template: string) =>
      phases.run(
        `${template}: npm create stack-plugin@latest ${projectName(template)}`,
        () =>
          npm(
            projects,
            'create',
            'stack-plugin@latest',
            projectName(template),
            '--registry',
            registry.url,
            '--',
            '--template',
            template,
            '--yes',
          ),
        chainOf(template),
      );
    // The first `npm create` installs the initializer into npm's npx cache; the others reuse it
    // rather than racing to install the same folder.
    const [first = 'workflow', ...others] = templates;
    await create(first);
    const outcomes = await inPool(others, concurrency, create);
    for (const template of templates) {
      const dir = join(projects, projectName(template));
      const pkg = await readJson(join(dir, 'package.json'));
      expect({ template, pdk: pkg.dependencies['@stack-plugin/pdk'] }).toEqual({
        template,
        pdk: `^${version}`,
      });
      const lock = await readJson(join(dir, 'package-lock.json'));
      const resolved = Object.values(lock.packages as Record<string, { resolved?: string }>)
        .map((p) => p.resolved)
        .filter((r): r is string => r !== undefined);
      expect(resolved.length).toBeGreaterThan(10);
      expect(resolved.filter((r) => !r.startsWith(registry.url))).toEqual([]);
    }
    throwFirst(outcomes);
  });

  it('every generated project passes npm test, npm run build, npm run docs and stack-plugin validate', async () => {
    const outcomes = await inPool(templates, concurrency, async (template) => {
      const dir = join(projects, projectName(template));
      const step = (name: string, fn: () => Promise<unknown>) =>
        phases.run(`${template}: ${name}`, fn, chainOf(template));
      await step('npm test', () => npm(dir, 'test'));
      await step('npm run build', () => npm(dir, 'run', 'build'));
      await step('npm run docs', () => npm(dir, 'run', 'docs'));
      await step('npx stack-plugin validate', () => npx(dir, 'stack-plugin', 'validate'));
    });
    throwFirst(outcomes);
  });

  it('the generated plugin is packed, signed and published', async () => {
    await writeFile(join(projects, 'release-key.pem'), key.privateKeyPem);
    await phases.run('demo: stack-plugin pack --key, verify, npm publish', async () => {
      const packed = await stackPlugin(
        demo,
        'pack',
        '--key',
        join(projects, 'release-key.pem'),
        '--json',
      );
      const { file } = JSON.parse(packed.stdout) as { file: string };
      await stackPlugin(demo, 'verify', file, '--trusted', key.keyId);
      await npm(demo, 'publish', file);
    });
  });

  it('a host project finds, adds and runs the plugin', async () => {
    hostDir = join(projects, 'host-app');
    await mkdir(hostDir, { recursive: true });
    await phases.run('host: npm install @stack-plugin/cli', async () => {
      await writeFile(
        join(hostDir, 'package.json'),
        `${JSON.stringify({ name: 'host-app', private: true }, null, 2)}\n`,
      );
      await npm(hostDir, 'install', `@stack-plugin/cli@${version}`);
    });
    // add and run need none of the author tools (optional peers of the CLI).
    expect(
      AUTHOR_TOOLING.filter((tool) => existsSync(join(hostDir, 'node_modules', tool))),
    ).toEqual([]);
    const policy = { requireSignatures: true, trustedKeys: [key.keyId] };
    await writeFile(
      join(hostDir, 'stack.config.json'),
      `${JSON.stringify({ plugins: [], policy }, null, 2)}\n`,
    );
    const found = await phases.run('host: stack-plugin search', () =>
      stackPlugin(hostDir, 'search', 'demo', '--json'),
    );
    expect((JSON.parse(found.stdout) as Array<{ name: string }>).map((r) => r.name)).toContain(
      'demo',
    );
    await phases.run('host: stack-plugin add demo', () =>
      stackPlugin(hostDir, 'add', 'demo', '--accept-permissions'),
    );
    const manifest = await readJson(join(hostDir, 'node_modules', 'demo', 'stack-plugin.json'));
    expect((await readJson(join(hostDir, 'stack.config.json'))).plugins).toEqual([
      { package: 'demo', permissions: manifest.permissions ?? [] },
    ]);
    const command = manifest.contributes?.commands?.[0] as
      | { id: string; input?: { examples?: unknown[] } }
      | undefined;
    const ran = await phases.run(
      `host: stack-plugin run ${command?.id ?? '<command>'}`,
      async () => {
        if (command === undefined) {
          throw new Error(
            'the generated plugin contributes no command, so `stack-plugin run` has nothing to execute',
          );
        }
        const input = JSON.stringify(command.input?.examples?.[0] ?? {});
        return JSON.parse((await stackPlugin(hostDir, 'run', command.id, '--input', input)).stdout);
      },
    );
    // The workflow template's release.plan on its own example input: 1.4.0 with a feat, a fix, a chore and a merge.
    expect(ran).toMatchObject({ version: '1.5.0', level: 'minor', changes: 3, ignored: 1 });
    expect(ran.notes).toMatch(/^## 1\.5\.0\n/);
  });

  it('the host project updates and removes the plugin', async () => {
    await phases.run('demo: publish 0.1.1', async () => {
      // The template names its changesets script `version-packages`, so `npm version` runs no
      // hook of the project's: it only bumps package.json (no git tag inside the test).
      await npm(demo, 'version', '0.1.1', '--no-git-tag-version');
      await npm(demo, 'run', 'build');
      const packed = await stackPlugin(
        demo,
        'pack',
        '--key',
        join(projects, 'release-key.pem'),
        '--json',
      );
      await npm(demo, 'publish', (JSON.parse(packed.stdout) as { file: string }).file);
    });
    await phases.run('host: stack-plugin update', () => stackPlugin(hostDir, 'update'));
    expect((await readJson(join(hostDir, 'node_modules', 'demo', 'package.json'))).version).toBe(
      '0.1.1',
    );
    await phases.run('host: stack-plugin remove demo', () =>
      stackPlugin(hostDir, 'remove', 'demo'),
    );
    expect((await readJson(join(hostDir, 'stack.config.json'))).plugins).toEqual([]);
  });
});

/** Run `fn` on every item, at most `limit` at a time; every item runs even if some fail. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as T) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Rethrow the first failure of a pool, saying how many there were (the table lists them). */
function throwFirst(outcomes: readonly PromiseSettledResult<unknown>[]): void {
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failures.length === 0) return;
  const first = failures[0]?.reason;
  if (failures.length === 1) throw first;
  throw new Error(
    `${failures.length} projects failed; the first: ${first instanceof Error ? first.message : String(first)}`,
  );
}
