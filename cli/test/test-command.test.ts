import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/test-command/${name}`, import.meta.url));

describe('stack-plugin test', () => {
  it('runs the plugin project’s tests with the harness matchers and passes arguments to vitest', async () => {
    const result = await runCli(['test', '--', '--reporter=verbose', '-t', 'echoes'], {
      cwd: fixture('passing'),
      env: { NO_COLOR: '1' },
    });
    expect(result.stderr).not.toMatch(/FAIL/);
    expect(result.stdout).toMatch(/✓ .*echoes/);
    expect(result.stdout).toMatch(/1 passed \| 1 skipped|1 skipped \| 1 passed|1 passed/);
    expect(result.stdout).not.toMatch(/✓ .*rejects bad input/);
    expect(result.code).toBe(0);
  });

  it('exits with vitest’s failure code and shows the matcher’s message', async () => {
    const result = await runCli(['test', '--dir', fixture('failing')], {
      cwd: fixture('passing'),
      env: { NO_COLOR: '1' },
    });
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'expected plugin "fixture-test-command-failing" to have emitted "echo.shouted", but saw events:',
    );
  });

  it('adds the harness matchers to a project’s own vitest config, keeping its settings', async () => {
    const result = await runCli(['test', '--', '--reporter=verbose'], {
      cwd: fixture('own-config'),
      env: { NO_COLOR: '1' },
    });
    // Its own include (test/**/*.check.ts) holds, and toRespondWith works in it.
    expect(result.stdout).toMatch(/✓ .*uses the matchers under its own config/);
    expect(result.stdout).toMatch(/Tests\s+1 passed/);
    expect(result.code).toBe(0);
  });

  it('refuses a folder that is not a plugin project', async () => {
    const result = await runCli(['test', '--json'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'MANIFEST_NOT_FOUND' } });
  });
});
