// `stack-plugin search/add/update/outdated/remove` against a real local registry with the real npm
// client: semver ranges, host compatibility, rollback when a new version fails to activate,
// and the signature policy at install time.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describePermission, generateSigningKeyPair } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/src/main.ts';
import { type FixtureBehaviour, writeFixturePlugin } from './support/fixture-plugin.ts';
import { type LocalRegistry, startLocalRegistry } from './support/local-registry.ts';
import { createNpmEnv, type NpmEnv } from './support/npm-env.ts';
import { run } from './support/run.ts';

let registry: LocalRegistry;
let env: NpmEnv;
let hostDir: string;
let fixtures: string;
const PLUGIN = 'stack-plugin-e2e-counter';

async function publish(
  version: string,
  behaviour: FixtureBehaviour = 'ok',
  host = '^1.0.0',
  name = PLUGIN,
  keyword = true,
) {
  const dir = await writeFixturePlugin(join(fixtures, `${name}-${version}`), {
    name,
    version,
    behaviour,
    host,
    keyword,
  });
  await run('npm', ['publish', '--ignore-scripts', '--tag', 'latest'], { cwd: dir, env });
  return dir;
}

const cli = (...argv: string[]) => runCli(argv, { cwd: hostDir, env });
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
/** Every file under `dir` (node_modules included) with a hash of its content, sorted. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) out.push(`${full} -> ${await readlink(full)}`);
    else if (entry.isFile()) {
      out.push(
        `${full} ${createHash('sha256')
          .update(await readFile(full))
          .digest('hex')}`,
      );
    }
  }
  return out.sort();
}

const installed = async (name = PLUGIN) =>
  (await readJson(join(hostDir, 'node_modules', name, 'package.json'))).version as string;

beforeAll(async () => {
  registry = await startLocalRegistry();
  env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
  fixtures = join(registry.root, 'fixtures');
  hostDir = join(registry.root, 'host');
  await mkdir(hostDir, { recursive: true });
  await writeFile(
    join(hostDir, 'package.json'),
    `${JSON.stringify({ name: 'host-app', private: true }, null, 2)}\n`,
  );
  await publish('1.0.0');
  await publish('1.0.0', 'ok', '^1.0.0', 'e2e-not-a-plugin-counter', false);
});

afterAll(async () => {
  await registry?.stop();
});

describe('plugin management against a registry', () => {
  it('search finds plugins by text and keeps only packages with the stack-plugin keyword', async () => {
    const result = await cli('search', 'counter', '--json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: PLUGIN,
        version: '1.0.0',
        description: `Fixture plugin ${PLUGIN} for the distribution tests`,
        keywords: ['stack-plugin', 'fixture'],
      },
    ]);
  });

  it('add installs with npm, checks the plugin and records it in stack.config.json', async () => {
    const result = await cli('add', `${PLUGIN}@^1.0.0`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // A config the CLI creates references the published schema, for editors.
    expect(await readJson(join(hostDir, 'stack.config.json'))).toEqual({
      $schema: './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json',
      plugins: [{ package: PLUGIN, permissions: [] }],
    });
    expect((await readJson(join(hostDir, 'package.json'))).dependencies).toEqual({
      [PLUGIN]: '^1.0.0',
    });
    const ran = await cli('run', 'stack-plugin-e2e-counter.version');
    expect({ code: ran.code, out: JSON.parse(ran.stdout) }).toEqual({
      code: 0,
      out: { version: '1.0.0' },
    });
  });

  it('add refuses a package that fails plugin validation and leaves the project as it was', async () => {
    const before = await readFile(join(hostDir, 'package.json'), 'utf8');
    const result = await cli('add', 'e2e-not-a-plugin-counter', '--json');
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'MANIFEST_INVALID',
      message: expect.stringContaining('stack-plugin'),
    });
    expect(await readFile(join(hostDir, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(join(hostDir, 'node_modules', 'e2e-not-a-plugin-counter'))).toBe(false);
  });

  it('update rolls back to the previous version when the new one fails to activate', async () => {
    await publish('1.1.0', 'throw-on-activate');
    const result = await cli('update', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'PLUGIN_UPDATE_ROLLED_BACK',
      plugin: PLUGIN,
    });
    expect(JSON.parse(result.stdout)).toMatchObject([
      { name: PLUGIN, from: '1.0.0', to: '1.0.0', status: 'rolled-back', attempted: '1.1.0' },
    ]);
    expect(await installed()).toBe('1.0.0');
    expect((await readJson(join(hostDir, 'package.json'))).dependencies).toEqual({
      [PLUGIN]: '^1.0.0',
    });
    const lock = await readJson(join(hostDir, 'package-lock.json'));
    expect(lock.packages[`node_modules/${PLUGIN}`].version).toBe('1.0.0');
  });

  it('update installs the newest version in range that accepts this host, keeping the range', async () => {
    await publish('1.2.0');
    await publish('1.3.0', 'ok', '^2.0.0');
    await publish('2.0.0');
    const result = await cli('update');
    expect(result).toEqual({
      code: 0,
      stdout: `Updated ${PLUGIN} 1.0.0 -> 1.2.0 (range ^1.0.0)\n  skipped ${PLUGIN}@1.3.0: needs host API ^2.0.0\n`,
      stderr: '',
    });
    expect(await installed()).toBe('1.2.0');
    expect((await readJson(join(hostDir, 'package.json'))).dependencies).toEqual({
      [PLUGIN]: '^1.0.0',
    });
    const ran = await cli('run', 'stack-plugin-e2e-counter.version');
    expect(JSON.parse(ran.stdout)).toEqual({ version: '1.2.0' });
    const again = await cli('update', PLUGIN, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject([{ status: 'up-to-date', from: '1.2.0' }]);
  });

  it('update asks consent again for a version that widens permissions', async () => {
    const dir = await writeFixturePlugin(join(fixtures, `${PLUGIN}-1.4.0`), {
      name: PLUGIN,
      version: '1.4.0',
      permissions: ['state', 'net:api.example.com'],
    });
    await run('npm', ['publish', '--ignore-scripts', '--tag', 'latest'], { cwd: dir, env });
    const refused = await cli('update', PLUGIN);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${PLUGIN}@1.4.0 asks for permissions beyond those granted before:`,
    );
    expect(refused.stderr).toContain('pass --accept-permissions (or --yes)');
    expect(await installed()).toBe('1.2.0');
    const accepted = await cli('update', PLUGIN, '--accept-permissions', '--json');
    expect(JSON.parse(accepted.stdout)).toMatchObject([{ status: 'updated', to: '1.4.0' }]);
    expect((await readJson(join(hostDir, 'stack.config.json'))).plugins).toEqual([
      { package: PLUGIN, permissions: ['state', 'net:api.example.com'] },
    ]);
  });

  it('outdated lists newer versions in range and beyond, with host compatibility and added permissions', async () => {
    const publishWith = async (version: string, host: string, permissions: string[]) => {
      const dir = await writeFixturePlugin(join(fixtures, `${PLUGIN}-${version}`), {
        name: PLUGIN,
        version,
        host,
        permissions,
      });
      await run('npm', ['publish', '--ignore-scripts', '--tag', 'latest'], { cwd: dir, env });
    };
    await publishWith('1.5.0', '^1.0.0', ['state', 'net:api.example.com', 'env:HOME']);
    await publishWith('3.0.0', '^2.0.0', ['state']);
    const before = await tree(hostDir);
    const result = await cli('outdated', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        name: PLUGIN,
        installed: '1.4.0',
        range: '^1.0.0',
        inRange: ['1.5.0'],
        beyond: ['3.0.0', '2.0.0'],
        newestInRange: {
          version: '1.5.0',
          host: '^1.0.0',
          hostAccepts: true,
          addedPermissions: [{ permission: 'env:HOME', ...describePermission('env:HOME') }],
        },
        newestBeyond: {
          version: '3.0.0',
          host: '^2.0.0',
          hostAccepts: false,
          addedPermissions: [],
        },
      },
    ]);
    // Only asks: nothing installed, recorded or cached in the project.
    expect(await tree(hostDir)).toEqual(before);
    const text = await cli('outdated');
    expect(text.stdout).toBe(
      [
        `${PLUGIN} 1.4.0  range ^1.0.0`,
        '  in range: 1.5.0',
        '    newest 1.5.0: host API ^1.0.0 (accepted); adds permissions:',
        `      ${describePermission('env:HOME').risk.padEnd(8)} env:HOME  ${describePermission('env:HOME').summary}`,
        '  beyond the range: 3.0.0, 2.0.0',
        '    newest 3.0.0: host API ^2.0.0 (not accepted by this host, 1.0.0); adds no permissions',
        '',
      ].join('\n'),
    );
  });

  it('add enforces the signature policy of stack.config.json', async () => {
    const trusted = generateSigningKeyPair();
    const config = {
      plugins: [{ package: PLUGIN }],
      policy: { requireSignatures: true, trustedKeys: [trusted.keyId] },
    };
    await writeFile(join(hostDir, 'stack.config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const dir = await writeFixturePlugin(join(fixtures, 'signed'), {
      name: 'stack-plugin-e2e-signed',
      version: '1.0.0',
    });
    await writeFile(join(fixtures, 'trusted.pem'), trusted.privateKeyPem);
    const packed = await runCli(['pack', dir, '--key', join(fixtures, 'trusted.pem'), '--json'], {
      cwd: dir,
      env,
    });
    await run('npm', ['publish', '--ignore-scripts', JSON.parse(packed.stdout).file], {
      cwd: dir,
      env,
    });
    await publish('1.0.0', 'ok', '^1.0.0', 'stack-plugin-e2e-unsigned');

    const unsigned = await cli('add', 'stack-plugin-e2e-unsigned', '--json');
    expect(JSON.parse(unsigned.stderr).error.code).toBe('SIGNATURE_MISSING');
    const signed = await cli('add', 'stack-plugin-e2e-signed', '--json');
    expect(JSON.parse(signed.stdout)).toMatchObject({
      name: 'stack-plugin-e2e-signed',
      recorded: true,
    });
    const verified = await cli(
      'verify',
      'node_modules/stack-plugin-e2e-signed',
      '--trusted',
      trusted.keyId,
    );
    expect(verified.code).toBe(0);
    await rm(join(hostDir, 'stack.config.json'));
    await writeFile(
      join(hostDir, 'stack.config.json'),
      `${JSON.stringify({ plugins: [{ package: PLUGIN }, { package: 'stack-plugin-e2e-signed' }] }, null, 2)}\n`,
    );
  });

  it('never runs install scripts: refused under a signature policy, installed unrun when allowed', async () => {
    const marker = join(registry.root, 'install-script-ran');
    const name = 'stack-plugin-e2e-scripted';
    const dir = await writeFixturePlugin(join(fixtures, 'scripted'), { name, version: '1.0.0' });
    const pkg = await readJson(join(dir, 'package.json'));
    const write = `node -e "require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')"`;
    pkg.scripts = { preinstall: write, install: write, postinstall: write };
    await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    await run('npm', ['publish', '--ignore-scripts'], { cwd: dir, env });
    const configFile = join(hostDir, 'stack.config.json');
    const saved = await readFile(configFile, 'utf8');
    const trusted = generateSigningKeyPair();
    await writeFile(
      configFile,
      JSON.stringify({
        plugins: [],
        policy: { requireSignatures: true, trustedKeys: [trusted.keyId] },
      }),
    );
    const before = await tree(hostDir);
    const signed = await cli('add', name, '--json');
    expect(JSON.parse(signed.stderr).error.code).toBe('SIGNATURE_MISSING');
    expect(existsSync(marker)).toBe(false);
    expect(await tree(hostDir)).toEqual(before);

    await writeFile(configFile, JSON.stringify({ plugins: [] }));
    const unlisted = await cli('add', name, '--json');
    expect(JSON.parse(unlisted.stderr).error.code).toBe('INSTALL_SCRIPTS_REFUSED');
    expect(existsSync(marker)).toBe(false);

    await writeFile(
      configFile,
      JSON.stringify({ plugins: [], policy: { allowInstallScripts: [name] } }),
    );
    const allowed = await cli('add', name, '--json');
    expect(allowed.code).toBe(0);
    expect(await installed(name)).toBe('1.0.0');
    expect(existsSync(marker)).toBe(false);
    expect((await cli('remove', name)).code).toBe(0);
    await writeFile(configFile, saved);
  });

  it('remove drops the config entry and uninstalls the package', async () => {
    const result = await cli('remove', PLUGIN);
    expect(result.code).toBe(0);
    expect(await readJson(join(hostDir, 'stack.config.json'))).toEqual({
      plugins: [{ package: 'stack-plugin-e2e-signed' }],
    });
    expect(existsSync(join(hostDir, 'node_modules', PLUGIN))).toBe(false);
    expect((await readJson(join(hostDir, 'package.json'))).dependencies[PLUGIN]).toBeUndefined();
    const missing = await cli('remove', PLUGIN, '--json');
    expect(JSON.parse(missing.stderr).error.code).toBe('PACKAGE_NOT_INSTALLED');
  });
});
