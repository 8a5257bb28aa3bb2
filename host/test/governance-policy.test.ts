import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createIntegrityManifest,
  generateSigningKeyPair,
  INTEGRITY_FILE,
  parsePrivateKey,
  serializeIntegrityManifest,
  signIntegrityManifest,
} from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostErrors } from '../src/host-errors.js';
import {
  type CreateHostOptions,
  createHost,
  createInProcessExecutor,
  type Host,
  type HostPolicy,
  type PluginExecutor,
} from '../src/index.js';
import { catalogError, tempDir, testServices, writePlugin } from './_support.js';

// Governance policy (`policy.plugins`, `publishers`, `maxRisk`, `isolationByRisk`, `mode`)
// through the real host: refused at load before any plugin code runs, at every isolation
// level; warn mode loads and reports; every decision is in the audit log.

let dir: string;
let cleanup: () => Promise<void>;
const hosts: Host[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await cleanup();
});

/**
 * A plugin answering `<command>` whose top-level code leaves a mark when it is imported at
 * isolation `none`.
 */
const marking = (
  command: string,
) => `globalThis.__policyMarks = (globalThis.__policyMarks ?? 0) + 1;
export default { async activate(ctx) { await ctx.commands.register('${command}', (i) => i); } };
`;
const marks = () => (globalThis as { __policyMarks?: number }).__policyMarks ?? 0;

/** A plugin whose one command is `<unscoped name>.say`. */
async function plugin(name: string, manifest: Record<string, unknown> = {}): Promise<string> {
  const command = `${name.replace(/^@[^/]+\//, '')}.say`;
  return writePlugin(dir, name.replace('/', '__'), {
    name,
    manifest: { contributes: { commands: [{ id: command }] }, ...manifest },
    code: marking(command),
  });
}

/** An executor that counts the plugins it was asked to load. */
function countingExecutor(isolation: 'limited' | 'strict'): PluginExecutor & { loads: number } {
  const inner = createInProcessExecutor();
  const counter = {
    isolation,
    loads: 0,
    load(request: Parameters<PluginExecutor['load']>[0]) {
      counter.loads += 1;
      return inner.load(request);
    },
  };
  return counter;
}

function host(policy: HostPolicy, extra: Partial<CreateHostOptions> = {}) {
  const services = testServices();
  const created = createHost({
    root: dir,
    config: { plugins: [], policy },
    services,
    ...extra,
  });
  hosts.push(created);
  return { host: created, services };
}

const policyRecords = (h: Host) => h.audit().filter((r) => r.capability === 'policy');

describe('governance policy at load', () => {
  it('refuses a denied plugin at isolation none before its code runs, and audits it', async () => {
    const path = await plugin('@evil/miner');
    const before = marks();
    const { host: h } = host({ plugins: { deny: ['@evil/*'] } });
    const refused = await h.load({ path }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toEqual(
      catalogError(hostErrors.POLICY_PLUGIN_DENIED, {
        plugin: '@evil/miner',
        list: 'deny',
        pattern: '@evil/*',
      }),
    );
    expect(refused).toMatchObject({
      message: '"@evil/miner" matches "@evil/*" in "policy.plugins.deny", so the host refuses it.',
      hint: expect.stringContaining('stack-plugin policy check'),
    });
    expect(marks()).toBe(before);
    expect(policyRecords(h)).toEqual([
      {
        plugin: '@evil/miner',
        capability: 'policy',
        method: 'refused',
        target: 'POLICY_PLUGIN_DENIED',
        allowed: false,
        time: expect.any(Number),
      },
    ]);
  });

  it('refuses a critical plugin below strict at isolation limited, never reaching the executor', async () => {
    const path = await plugin('deployer', { isolation: 'limited', permissions: ['exec:bash'] });
    const limited = countingExecutor('limited');
    const { host: h } = host(
      { isolationByRisk: { high: 'limited', critical: 'strict' } },
      { executors: { limited } },
    );
    await expect(h.load({ path })).rejects.toEqual(
      catalogError(hostErrors.POLICY_ISOLATION_TOO_LOW, {
        plugin: 'deployer',
        risk: 'critical',
        isolation: 'limited',
        required: 'strict',
      }),
    );
    expect(limited.loads).toBe(0);
    expect(policyRecords(h).map((r) => [r.method, r.target])).toEqual([
      ['refused', 'POLICY_ISOLATION_TOO_LOW'],
    ]);
  });

  it('loads the same plugin once its entry raises it to the required level', async () => {
    const path = await plugin('deployer', { isolation: 'limited', permissions: ['exec:bash'] });
    const strict = countingExecutor('strict');
    const { host: h } = host(
      { isolationByRisk: { high: 'limited', critical: 'strict' } },
      { executors: { strict } },
    );
    await h.load({ path }, { isolation: 'strict' });
    expect(await h.execute('deployer.say', { n: 1 })).toEqual({ n: 1 });
    expect(strict.loads).toBe(1);
    expect(policyRecords(h).map((r) => [r.method, r.target, r.allowed])).toEqual([
      ['allowed', '', true],
    ]);
  });

  it('applies maxRisk per plugin (exact name over globs over the default)', async () => {
    const deploy = await plugin('@acme/deploy', { permissions: ['exec:bash'] });
    const notes = await plugin('@acme/notes', { permissions: ['fs:write:notes/**'] });
    const reader = await plugin('reader', { permissions: ['state', 'net:api.github.com'] });
    const { host: h } = host({
      maxRisk: { default: 'low', plugins: { '@acme/*': 'medium', '@acme/deploy': 'critical' } },
    });
    await h.load({ path: deploy });
    await expect(h.load({ path: notes })).resolves.toMatchObject({ state: 'active' });
    await expect(h.load({ path: reader })).rejects.toMatchObject({
      code: 'POLICY_RISK_EXCEEDED',
      plugin: 'reader',
      data: { risk: 'medium', max: 'low', permissions: ['net:api.github.com'] },
    });
    expect(policyRecords(h).map((r) => [r.plugin, r.method])).toEqual([
      ['@acme/deploy', 'allowed'],
      ['@acme/notes', 'allowed'],
      ['reader', 'refused'],
    ]);
  });

  it('in warn mode loads and runs a violating plugin, logging and auditing every violation', async () => {
    const path = await plugin('@evil/miner', { permissions: ['exec:bash'] });
    const { host: h, services } = host({
      mode: 'warn',
      plugins: { allow: ['@acme/*'] },
      maxRisk: { default: 'high' },
    });
    const before = marks();
    await h.load({ path });
    expect(await h.execute('miner.say', 'hi')).toBe('hi');
    expect(marks()).toBe(before + 1);
    expect(policyRecords(h)).toEqual([
      {
        plugin: '@evil/miner',
        capability: 'policy',
        method: 'warned',
        target: 'POLICY_PLUGIN_DENIED,POLICY_RISK_EXCEEDED',
        allowed: true,
        time: expect.any(Number),
      },
    ]);
    expect(
      services.logs.filter((l) => l.level === 'warn').map((l) => [l.plugin, l.message]),
    ).toEqual([
      [
        '@evil/miner',
        'policy (warn mode, loaded anyway; enforce mode would refuse it): "@evil/miner" matches nothing in "policy.plugins.allow", so the host refuses it.',
      ],
      [
        '@evil/miner',
        'policy (warn mode, loaded anyway; enforce mode would refuse it): "@evil/miner" asks for "exec:bash" (risk critical), above the highest risk the host policy allows it ("high" in "policy.maxRisk").',
      ],
    ]);
  });

  it('lets the application policy enforce what a config file only warns about', async () => {
    const path = await plugin('@evil/miner');
    const configFile = join(dir, 'stack.config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        plugins: [{ path }],
        policy: { mode: 'warn', plugins: { deny: ['@evil/*'] } },
      }),
    );
    const h = createHost({
      root: dir,
      config: configFile,
      services: testServices(),
      policy: { mode: 'enforce', plugins: { deny: ['other'] } },
    });
    hosts.push(h);
    await expect(h.start()).rejects.toMatchObject({
      code: 'HOST_STARTUP_FAILED',
      errors: [expect.objectContaining({ code: 'POLICY_PLUGIN_DENIED', plugin: '@evil/miner' })],
    });
  });

  it('records nothing when the policy has no governance rule', async () => {
    const path = await plugin('plain', { permissions: ['exec:bash'] });
    const { host: h } = host({ minIsolation: 'none' });
    await h.load({ path });
    expect(policyRecords(h)).toEqual([]);
  });
});

describe('publishers', () => {
  const publisher = generateSigningKeyPair();
  const other = generateSigningKeyPair();

  async function signed(name: string, key: typeof publisher | undefined): Promise<string> {
    const path = await plugin(name);
    const files: Array<[string, string]> = [];
    for (const file of ['package.json', 'stack-plugin.json', 'index.js']) {
      const { readFile } = await import('node:fs/promises');
      files.push([file, await readFile(join(path, file), 'utf8')]);
    }
    let manifest = createIntegrityManifest({ name, version: '1.0.0' }, files);
    if (key !== undefined)
      manifest = signIntegrityManifest(manifest, parsePrivateKey(key.privateKeyPem));
    await writeFile(join(path, INTEGRITY_FILE), serializeIntegrityManifest(manifest));
    return path;
  }

  it('loads a plugin signed by an allowed key, without the key being a trusted one', async () => {
    const path = await signed('good', publisher);
    const { host: h } = host({ publishers: { allow: [publisher.keyId] } });
    await h.load({ path });
    expect(policyRecords(h).map((r) => r.method)).toEqual(['allowed']);
  });

  it('refuses a plugin signed by a denied key, and an unsigned one when allow is set', async () => {
    const denied = await signed('bad', other);
    const unsigned = await signed('bare', undefined);
    const { host: h } = host({ publishers: { allow: [publisher.keyId], deny: [other.keyId] } });
    await expect(h.load({ path: denied })).rejects.toEqual(
      catalogError(hostErrors.POLICY_PUBLISHER_DENIED, {
        plugin: 'bad',
        list: 'deny',
        signers: [other.keyId],
        key: other.keyId,
      }),
    );
    await expect(h.load({ path: unsigned })).rejects.toMatchObject({
      code: 'POLICY_PUBLISHER_DENIED',
      message:
        '"bare" carries no valid signature, but "policy.publishers.allow" admits only plugins signed by its keys.',
    });
  });
});
