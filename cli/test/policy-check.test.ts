import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { writePlugin } from './_host-fixture.js';

let root: string;
const cli = (...argv: string[]) => runCli(argv, { cwd: root, env: {} });

/** Top-level code that would leave a file behind if `policy check` ever ran it. */
const trap = (name: string) =>
  `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(`${name}.ran`)}, 'ran');\nexport default { activate() {} };\n`;

async function config(policy: object, extra: object[] = []): Promise<void> {
  await writeFile(
    join(root, 'stack.config.json'),
    JSON.stringify({
      plugins: [{ path: 'notes' }, { path: 'shell', isolation: 'limited' }, ...extra],
      policy,
    }),
  );
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-policy-'));
  await writePlugin(root, 'notes', { permissions: ['state'] }, trap('notes'));
  await writePlugin(root, 'shell', { permissions: ['exec:bash', 'state'] }, trap('shell'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin policy check', () => {
  it('reports what the policy would refuse, as JSON, with exit status 1 and no plugin code run', async () => {
    await config({ maxRisk: { default: 'high' }, isolationByRisk: { critical: 'strict' } });
    const result = await cli('policy', 'check', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      mode: 'enforce',
      plugins: [
        {
          plugin: 'notes',
          outcome: 'allowed',
          risk: 'low',
          riskyPermissions: ['state'],
          isolation: 'none',
          violations: [],
        },
        {
          plugin: 'shell',
          outcome: 'refused',
          risk: 'critical',
          riskyPermissions: ['exec:bash'],
          isolation: 'limited',
          violations: [
            {
              code: 'POLICY_RISK_EXCEEDED',
              message:
                '"shell" asks for "exec:bash" (risk critical), above the highest risk the host policy allows it ("high" in "policy.maxRisk").',
              hint: expect.stringContaining('raise "policy.maxRisk" for this plugin'),
              plugin: 'shell',
            },
            {
              code: 'POLICY_ISOLATION_TOO_LOW',
              message: expect.stringContaining('requires "strict" for that risk'),
              hint: expect.stringContaining('"isolation": "strict"'),
              plugin: 'shell',
            },
          ],
        },
      ],
    });
    expect(result.stderr).toBe('');
    const { existsSync } = await import('node:fs');
    expect([existsSync(join(root, 'notes.ran')), existsSync(join(root, 'shell.ran'))]).toEqual([
      false,
      false,
    ]);
  });

  it('exits 0 in warn mode and prints the warnings as text, refusals first', async () => {
    await config({ mode: 'warn', plugins: { deny: ['sh*'] } });
    const result = await cli('policy', 'check');
    expect(result).toEqual({
      code: 0,
      stdout: [
        'Policy (warn): 2 plugins, 0 refused, 1 warned, 1 allowed.',
        '  warned   shell  risk critical, isolation limited',
        '      POLICY_PLUGIN_DENIED: "shell" matches "sh*" in "policy.plugins.deny", so the host refuses it.',
        '      hint: Remove the plugin from stack.config.json, or ask the host operator to change "policy.plugins" (stack-plugin policy check lists what the policy refuses).',
        '  allowed  notes  risk low, isolation none',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('refuses a plugin the host could not read, and passes when the policy allows everything', async () => {
    await config({ plugins: { allow: ['notes', 'shell'] } }, [{ package: 'not-installed' }]);
    const failing = await cli('policy', 'check', '--json');
    expect(failing.code).toBe(1);
    expect(
      JSON.parse(failing.stdout).plugins.map(
        (p: { plugin: string; outcome: string; violations: Array<{ code: string }> }) => [
          p.plugin,
          p.outcome,
          p.violations.map((v) => v.code),
        ],
      ),
    ).toEqual([
      ['notes', 'allowed', []],
      ['shell', 'allowed', []],
      ['not-installed', 'refused', ['PLUGIN_NOT_FOUND']],
    ]);
    await config({ plugins: { allow: ['notes', 'shell'] } });
    expect((await cli('policy', 'check', '--json')).code).toBe(0);
  });

  it('refuses an invalid policy with a did-you-mean, and an unknown subcommand as bad usage', async () => {
    await config({ maxRisk: { defualt: 'high' } });
    const invalid = await cli('policy', 'check', '--json');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stderr).error).toMatchObject({
      code: 'HOST_CONFIG_INVALID',
      message: expect.stringContaining('/policy/maxRisk/defualt'),
    });
    expect(invalid.stderr).toContain('Did you mean \\"default\\"?');
    const usage = await cli('policy', 'chek');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unknown subcommand "chek" (did you mean "check"?)');
  });

  it('documents itself from its definition in --help', async () => {
    const help = await cli('policy', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('stack-plugin policy check [--config FILE] [--json]');
    expect(help.stdout).toContain('--config FILE');
  });
});

describe('stack-plugin policy check outside a host project', () => {
  it("checks a plugin's own folder against the default policy, and says so", async () => {
    const dir = join(root, 'shell');
    const result = await runCli(['policy', 'check'], { cwd: dir, env: {} });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("checking this folder's plugin against the default policy");
    expect(result.stdout).toMatch(/1 plugin, 0 refused, 0 warned, 1 allowed/);
    expect(result.stdout).toMatch(/allowed\s+shell\s+risk critical, isolation none/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'shell.ran'))).toBe(false);
  });

  it('says there is nothing to check where there is no host config and no plugin', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'stack-cli-policy-empty-'));
    try {
      const result = await runCli(['policy', 'check'], { cwd: empty, env: {} });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Nothing to check');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
