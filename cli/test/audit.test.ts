import { execFileSync, spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlugin } from './_host-fixture.js';

// `stack-plugin audit` over the file the host writes, both through the real bin: `run` starts a
// host that audits to audit.file, twice (a restart appends), then `audit` reads the log back.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'cli', 'bin', 'stack-plugin.js');
let root: string;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ALLOWED: 'yes', SECRET: 'no' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // The bin runs cli/dist (and the packages' dist): build first, incremental.
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    { cwd: repo, stdio: 'pipe' },
  );
  root = await mkdtemp(join(tmpdir(), 'stack-cli-audit-'));
  await writePlugin(
    root,
    'envy',
    { permissions: ['env:ALLOWED'], contributes: { commands: [{ id: 'envy.peek' }] } },
    `export default {
  async activate(ctx) {
    await ctx.commands.register('envy.peek', async () => {
      const allowed = await ctx.env.get('ALLOWED');
      const denied = await ctx.env.get('SECRET').catch((error) => error.code);
      return { allowed, denied };
    });
  },
};
`,
  );
  await writeFile(
    join(root, 'stack.config.json'),
    JSON.stringify({ plugins: [{ path: 'envy' }], audit: { file: 'logs/audit.jsonl' } }),
  );
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('stack-plugin audit', () => {
  it('reads what hosts wrote across restarts, filtered by plugin, decision and time', async () => {
    for (let run = 0; run < 2; run++) {
      expect(cli(['run', 'envy.peek'])).toMatchObject({
        code: 0,
        stdout: `${JSON.stringify({ allowed: 'yes', denied: 'PERMISSION_DENIED' }, null, 2)}\n`,
      });
    }
    const all = cli(['audit', '--json']);
    expect(all.code).toBe(0);
    const read = JSON.parse(all.stdout) as {
      files: string[];
      records: Array<Record<string, unknown>>;
      problems: unknown[];
    };
    expect(read.files).toEqual([join(root, 'logs', 'audit.jsonl')]);
    expect(read.problems).toEqual([]);
    const env = { v: 1, plugin: 'envy', capability: 'env', method: 'get' };
    const allowed = { ...env, target: 'ALLOWED', decision: 'allowed', permission: 'env:ALLOWED' };
    const denied = { ...env, target: 'SECRET', decision: 'denied', permission: 'env:SECRET' };
    // `run` calls the command as the host: that call is audited too, under the name `host`.
    const call = {
      v: 1,
      plugin: 'host',
      capability: 'commands',
      method: 'execute',
      target: 'envy.peek',
      decision: 'allowed',
    };
    expect(read.records).toEqual(
      [call, allowed, denied, call, allowed, denied].map((r) => expect.objectContaining(r)),
    );
    for (const record of read.records) {
      expect(Date.now() - Date.parse(record.time as string)).toBeLessThan(120_000);
    }

    const refusals = cli(['audit', '--denied']);
    expect(refusals.code).toBe(0);
    const lines = refusals.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(
        /^\d{4}-\d\d-\d\dT\S+Z {2}denied {3}env\.get {2}envy {2}SECRET \(env:SECRET\)$/,
      );
    }
    expect(JSON.parse(cli(['audit', '--since', '1h', '--json']).stdout).records).toHaveLength(6);
    expect(JSON.parse(cli(['audit', '--since', '2999-01-01', '--json']).stdout).records).toEqual(
      [],
    );
    expect(cli(['audit', '--plugin', 'other'])).toEqual({
      code: 0,
      stdout: 'No audit records match.\n',
      stderr: '',
    });
  });

  it('skips a torn line with a warning, and reads a log given with --file', async () => {
    const file = join(root, 'logs', 'audit.jsonl');
    await appendFile(file, '{"v":1,"time":"2026-');
    const result = cli(['audit', '--file', file, '--denied']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: ${file}:7: skipped a torn line\n`);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses a bad --since, and says when no audit file is configured', async () => {
    expect(cli(['audit', '--since', 'yesterday', '--json'])).toMatchObject({ code: 2 });
    const empty = await mkdtemp(join(tmpdir(), 'stack-cli-audit-none-'));
    try {
      const none = spawnSync(process.execPath, [bin, 'audit', '--json'], {
        cwd: empty,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(none.status).toBe(1);
      expect(JSON.parse(none.stderr)).toMatchObject({
        error: { code: 'AUDIT_NOT_CONFIGURED', hint: expect.stringContaining('"audit"') },
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
