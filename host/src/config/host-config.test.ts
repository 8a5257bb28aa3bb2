import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PLUGIN_BUDGET_NAMES } from '../broker/plugin-budgets.js';
import { loadHostConfig } from './host-config.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function configFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'host-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'stack.config.json'), JSON.stringify(content));
  return dir;
}

describe('loadHostConfig', () => {
  it('reads a valid stack.config.json, relative paths against its folder', async () => {
    const dir = await configFile({
      $schema: './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json',
      plugins: [{ path: 'plugins/a', isolation: 'limited' }],
      policy: { minIsolation: 'limited' },
    });
    expect(await loadHostConfig(dir, undefined)).toEqual({
      baseDir: dir,
      config: {
        $schema: './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json',
        plugins: [{ path: 'plugins/a', isolation: 'limited' }],
        policy: { minIsolation: 'limited' },
      },
    });
  });

  it('refuses an unknown key with a did-you-mean, and reports every problem in one error', async () => {
    const dir = await configFile({ polcy: {}, plugins: [{ path: 'a', isolation: 'max' }, {}] });
    const file = join(dir, 'stack.config.json');
    await expect(loadHostConfig(dir, undefined)).rejects.toMatchObject({
      code: 'HOST_CONFIG_INVALID',
      message:
        `${file} is not a valid stack.config.json (3 problems): ` +
        '/polcy: "polcy" is not a field of the host config, so it would be ignored. Did you mean "policy"? ' +
        '/plugins/0/isolation: The value "max" must be one of "none", "limited", "strict". ' +
        "Expected: Raise this plugin's isolation: none, limited or strict. Never lowers what its manifest asks for. " +
        '/plugins/1: "/plugins/1" needs exactly one of "path" and "package"; it has none. ' +
        'Expected: One plugin to load: exactly one of "path" (a folder) and "package" (installed).',
    });
  });

  it('checks a config given as an object the same way', async () => {
    const error = (await loadHostConfig(tmpdir(), {
      plugins: [{ path: 'a', enabeld: false }],
    } as never).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('HOST_CONFIG_INVALID');
    // The problems travel as data too, so tools never parse the message.
    expect((error as unknown as { data: unknown }).data).toEqual({
      what: 'The host config',
      issues: [
        {
          path: '/plugins/0/enabeld',
          message: '"enabeld" is not a field of "/plugins/0", so it would be ignored.',
          hint: 'Did you mean "enabled"?',
        },
      ],
      schema: expect.stringContaining('stack-config.schema.json'),
    });
    expect(error.message).toBe(
      'The host config is not a valid stack.config.json (1 problem): /plugins/0/enabeld: ' +
        '"enabeld" is not a field of "/plugins/0", so it would be ignored. Did you mean "enabled"?',
    );
  });
});

describe('policy.budgets', () => {
  it('the published schema names exactly the budgets the host applies', () => {
    const schema = createRequire(import.meta.url)('@stack-plugin/pdk/config-schema.json') as {
      properties: { policy: { properties: { budgets: { properties: object } } } };
    };
    expect(Object.keys(schema.properties.policy.properties.budgets.properties).sort()).toEqual(
      [...PLUGIN_BUDGET_NAMES].sort(),
    );
  });

  it('loads budgets and refuses an unknown one with a did-you-mean', async () => {
    const ok = await configFile({ policy: { budgets: { stateKeys: 10 } } });
    expect((await loadHostConfig(ok, undefined)).config.policy?.budgets).toEqual({ stateKeys: 10 });
    const typo = await configFile({ policy: { budgets: { stateKey: 10, stateBytes: 0 } } });
    await expect(loadHostConfig(typo, undefined)).rejects.toMatchObject({
      code: 'HOST_CONFIG_INVALID',
      message: expect.stringMatching(
        /\/policy\/budgets[\s\S]*stateKeys[\s\S]*\/policy\/budgets\/stateBytes/,
      ),
    });
  });
});
