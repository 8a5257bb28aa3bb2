// `stack-plugin add` and `link` from local sources (folder, tarball) with the real npm client:
// nothing of a package runs before it is verified, consent for permissions, exact rollback.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';

let root: string;
let host: string;
let marker: string;
const env = { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' };

/** A plugin folder; `scripts` become package.json scripts (install scripts write `marker`). */
async function pluginFolder(
  name: string,
  options: { permissions?: string[]; scripts?: Record<string, string>; version?: string } = {},
): Promise<string> {
  const dir = join(root, 'src', name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: options.version ?? '1.0.0',
      description: 'add command test plugin',
      type: 'module',
      main: 'index.js',
      keywords: ['stack-plugin'],
      engines: { node: '>=22.12' },
      ...(options.scripts === undefined ? {} : { scripts: options.scripts }),
    }),
  );
  await writeFile(
    join(dir, 'stack-plugin.json'),
    JSON.stringify({
      category: 'micro',
      host: '^1.0.0',
      permissions: options.permissions ?? [],
    }),
  );
  await writeFile(join(dir, 'index.js'), 'export default { activate() {} };\n');
  return dir;
}

const writeMarker = () => `node -e "require('fs').writeFileSync('${marker}', 'ran')"`;

/** Every path under `dir` with its type and content hash (links by target), sorted. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(abs: string, rel: string) {
    for (const entry of await readdir(abs)) {
      const full = join(abs, entry);
      const path = rel === '' ? entry : `${rel}/${entry}`;
      const info = await lstat(full);
      if (info.isSymbolicLink()) out.push(`${path} -> ${await readlink(full)}`);
      else if (info.isDirectory()) await walk(full, path);
      else {
        const hash = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
        out.push(`${path} ${info.mode.toString(8)} ${hash}`);
      }
    }
  }
  if (existsSync(dir)) await walk(dir, '');
  return out.sort();
}

const cli = (...argv: string[]) => runCli(argv, { cwd: host, env });
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-add-'));
  host = join(root, 'host');
  marker = join(root, 'marker');
  await mkdir(host);
  await writeFile(join(host, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin add from local sources', () => {
  it('refuses a package with install scripts before npm installs anything', async () => {
    const dir = await pluginFolder('scripted', {
      scripts: { preinstall: writeMarker(), postinstall: writeMarker() },
    });
    const before = await tree(host);
    const result = await cli('add', dir, '--json', '--yes');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toMatchObject({
      code: 'INSTALL_SCRIPTS_REFUSED',
      plugin: 'scripted',
      message: expect.stringContaining('preinstall: node -e'),
    });
    expect(existsSync(marker)).toBe(false);
    expect(await tree(host)).toEqual(before);
  });

  it('needs consent for permissions: without a terminal it exits 2 naming the flag', async () => {
    const dir = await pluginFolder('asking', { permissions: ['net:api.example.com', 'exec:bash'] });
    const before = await tree(host);
    const refused = await cli('add', dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('asking@1.0.0 asks for these permissions:');
    expect(refused.stderr).toMatch(/critical +exec:bash +/);
    expect(refused.stderr).toContain('pass --accept-permissions (or --yes)');
    expect(refused.stderr).toContain('CONSENT_REQUIRED');
    expect(refused.stderr).toContain('needs your consent to 2 permissions');
    expect(await tree(host)).toEqual(before);

    const declined = await runCli(['add', dir], { cwd: host, env, confirm: async () => false });
    expect(declined.code).toBe(2);
    expect(declined.stderr).toContain('CONSENT_DECLINED');
    expect(await tree(host)).toEqual(before);

    const asked: string[] = [];
    const granted = await runCli(['add', dir, '--json'], {
      cwd: host,
      env,
      confirm: async (question) => {
        asked.push(question);
        return true;
      },
    });
    expect(granted.code).toBe(0);
    expect(asked).toEqual(['Grant these permissions and install?']);
    expect(await readJson(join(host, 'stack.config.json'))).toEqual({
      $schema: './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json',
      plugins: [{ package: 'asking', permissions: ['net:api.example.com', 'exec:bash'] }],
    });
  });

  it('installs a tarball from a verified copy with --ignore-scripts and records the grant', async () => {
    const dir = await pluginFolder('tgz-plugin', { permissions: ['state'] });
    const packed = await runCli(['pack', dir, '--out', root, '--json'], { cwd: root, env });
    const file = JSON.parse(packed.stdout).file as string;
    const result = await cli('add', file, '--accept-permissions', '--json');
    expect(result.stderr).toContain('tgz-plugin@1.0.0 asks for these permissions:');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'tgz-plugin',
      version: '1.0.0',
      recorded: true,
      permissions: ['state'],
    });
    expect((await readJson(join(host, 'package.json'))).dependencies).toEqual({
      'tgz-plugin': 'file:.stack-plugin/packages/tgz-plugin-1.0.0.tgz',
    });
    expect(await readFile(join(host, '.stack-plugin/packages/tgz-plugin-1.0.0.tgz'))).toEqual(
      await readFile(file),
    );
    const ran = await cli('list', '--json');
    expect(JSON.parse(ran.stdout).plugins[0]).toMatchObject({
      name: 'tgz-plugin',
      state: 'active',
    });
  });

  it('says what to do next once the plugin is added', async () => {
    const dir = await pluginFolder('next-plugin');
    const packed = await runCli(['pack', dir, '--out', root, '--json'], { cwd: root, env });
    const result = await cli('add', JSON.parse(packed.stdout).file as string);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added next-plugin@1.0.0');
    expect(result.stdout).toContain(
      'Next: stack-plugin info next-plugin lists what it contributes; stack-plugin run <id> runs one\n',
    );
    // `info` is the command the line names, and it knows the plugin.
    const info = await cli('info', 'next-plugin', '--json');
    expect(info.code).toBe(0);
  });

  it('installs a package whose install scripts the policy allows by name, without running them', async () => {
    const dir = await pluginFolder('allowed-scripts', {
      scripts: { preinstall: writeMarker(), postinstall: writeMarker() },
    });
    await writeFile(
      join(host, 'stack.config.json'),
      JSON.stringify({ plugins: [], policy: { allowInstallScripts: ['allowed-scripts'] } }),
    );
    const result = await cli('add', dir, '--json');
    expect(result.code).toBe(0);
    expect(existsSync(join(host, 'node_modules/allowed-scripts/package.json'))).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses, before installing, a plugin the governance policy would refuse at load', async () => {
    const risky = await pluginFolder('risky', { permissions: ['exec:bash'] });
    const denied = await pluginFolder('legacy-notes');
    const config = {
      plugins: [],
      policy: { maxRisk: { default: 'high' }, plugins: { deny: ['legacy-*'] } },
    };
    await writeFile(join(host, 'stack.config.json'), JSON.stringify(config));
    const before = await tree(host);
    const tooRisky = await cli('add', risky, '--json', '--yes');
    expect(tooRisky.code).toBe(1);
    expect(JSON.parse(tooRisky.stderr).error).toMatchObject({
      code: 'POLICY_RISK_EXCEEDED',
      plugin: 'risky',
    });
    const refused = await cli('add', denied, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('POLICY_PLUGIN_DENIED');
    expect(await tree(host)).toEqual(before);

    // In "warn" mode the host loads it and reports; so does add.
    await writeFile(
      join(host, 'stack.config.json'),
      JSON.stringify({ ...config, policy: { ...config.policy, mode: 'warn' } }),
    );
    const warned = await cli('add', risky, '--yes');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/warning \(policy mode "warn"\): POLICY_RISK_EXCEEDED: /);
    expect(existsSync(join(host, 'node_modules/risky/package.json'))).toBe(true);
  });

  it('rolls back package.json, an absent lockfile and node_modules exactly when a step after npm fails', async () => {
    const dir = await pluginFolder('late-failure');
    const before = await tree(host);
    expect(before.some((p) => p.startsWith('package-lock.json'))).toBe(false);
    // The grant cannot be recorded (the config's folder does not exist): npm already ran.
    const result = await cli('add', dir, '--config', 'missing/stack.config.json', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.message).toMatch(/ENOENT/);
    expect(await tree(host)).toEqual(before);
  });

  it('rolls back over an existing install, including node_modules/.package-lock.json', async () => {
    const first = await pluginFolder('first');
    expect((await cli('add', first)).code).toBe(0);
    expect(existsSync(join(host, 'node_modules/.package-lock.json'))).toBe(true);
    const second = await pluginFolder('second');
    const before = await tree(host);
    const result = await cli('add', second, '--config', 'missing/stack.config.json');
    expect(result.code).toBe(1);
    expect(await tree(host)).toEqual(before);
  });

  it('installs from a git URL through the same verification, from a verified copy', async () => {
    const dir = await pluginFolder('from-git');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'plugin');
    const result = await cli('add', `git+file://${dir}`, '--json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'from-git', version: '1.0.0' });
    expect((await readJson(join(host, 'package.json'))).dependencies).toEqual({
      'from-git': 'file:.stack-plugin/packages/from-git-1.0.0.tgz',
    });
  });

  it('says what to do next once a folder is linked, as add does', async () => {
    const dir = await pluginFolder('next-linked');
    const result = await cli('link', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Linked next-linked@1.0.0 from ${dir}\n` +
        `  recorded in ${join(host, 'stack.config.json')}\n` +
        'Next: stack-plugin info next-linked lists what it contributes; stack-plugin run <id> runs one\n',
    );
    const info = await cli('info', 'next-linked', '--json');
    expect(info.code).toBe(0);
  });

  it('link verifies the folder, then links it', async () => {
    const dir = await pluginFolder('linked');
    const result = await cli('link', dir, '--json');
    expect(result.code).toBe(0);
    expect((await lstat(join(host, 'node_modules/linked'))).isSymbolicLink()).toBe(true);
    const scripted = await pluginFolder('linked-scripts', { scripts: { install: writeMarker() } });
    const refused = await cli('link', scripted, '--json');
    expect(JSON.parse(refused.stderr).error.code).toBe('INSTALL_SCRIPTS_REFUSED');
    expect(existsSync(marker)).toBe(false);
  });
});
