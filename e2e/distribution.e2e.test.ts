// The distribution flow end to end, on loopback only: a local registry with every workspace
// package published under a snapshot version, `npm create stack-plugin` from it, the generated
// plugin tested, built, documented, packed, signed and published, then found, added, run,
// updated and removed by `stack-plugin` in a separate host project. Prints per-phase timings.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSigningKeyPair } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const npm = (cwd: string, ...args: string[]) => run('npm', args, { cwd, env });
const stackPlugin = (cwd: string, ...args: string[]) =>
  run(join(cwd, 'node_modules', '.bin', 'stack-plugin'), args, { cwd, env });

beforeAll(async () => {
  await phases.run('build the workspace (npm run build)', () =>
    run('npm', ['run', 'build'], { cwd: repo, env: { ...process.env } as NpmEnv }),
  );
  registry = await phases.run('start the local registry', () => startLocalRegistry());
  env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
  projects = join(registry.root, 'projects');
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
  });

  it('npm create stack-plugin@latest makes a project that installs from the registry', async () => {
    await phases.run('npm create stack-plugin@latest demo', () =>
      npm(
        projects,
        'create',
        'stack-plugin@latest',
        'demo',
        '--registry',
        registry.url,
        '--',
        '--template',
        'workflow',
        '--yes',
      ),
    );
    demo = join(projects, 'demo');
    const pkg = await readJson(join(demo, 'package.json'));
    expect(pkg.dependencies['@stack-plugin/pdk']).toBe(`^${version}`);
    const lock = await readJson(join(demo, 'package-lock.json'));
    const resolved = Object.values(lock.packages as Record<string, { resolved?: string }>)
      .map((p) => p.resolved)
      .filter((r): r is string => r !== undefined);
    expect(resolved.every((r) => r.startsWith(registry.url))).toBe(true);
  });

  it('the generated project passes test, build and docs', async () => {
    await phases.run('demo: npm test', () => npm(demo, 'test'));
    await phases.run('demo: npm run build', () => npm(demo, 'run', 'build'));
    await phases.run('demo: npm run docs', () => npm(demo, 'run', 'docs'));
  });

  it('the generated plugin is packed, signed and published', async () => {
    await writeFile(join(projects, 'release-key.pem'), key.privateKeyPem);
    await phases.run('demo: stack-plugin pack --key + npm publish', async () => {
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
    await phases.run('host: stack-plugin add demo', () => stackPlugin(hostDir, 'add', 'demo'));
    expect((await readJson(join(hostDir, 'stack.config.json'))).plugins).toEqual([
      { package: 'demo' },
    ]);
    const manifest = await readJson(join(hostDir, 'node_modules', 'demo', 'stack-plugin.json'));
    const command = manifest.contributes?.commands?.[0] as
      | { id: string; input?: { examples?: unknown[] } }
      | undefined;
    await phases.run('host: stack-plugin run <command>', async () => {
      if (command === undefined) {
        throw new Error(
          'the generated plugin contributes no command, so `stack-plugin run` has nothing to execute',
        );
      }
      const input = JSON.stringify(command.input?.examples?.[0] ?? {});
      const ran = await stackPlugin(hostDir, 'run', command.id, '--input', input);
      JSON.parse(ran.stdout);
    });
  });

  it('the host project updates and removes the plugin', async () => {
    await phases.run('demo: publish 0.1.1', async () => {
      // `npm pkg set`, not `npm version`: the template's "version" script would run as a hook.
      await npm(demo, 'pkg', 'set', 'version=0.1.1');
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
