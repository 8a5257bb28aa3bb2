import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the release.prepare workflow and the release.plan command, in the real host', () => {
  it('passes each step output to the next', async () => {
    const plugin = await mountPlugin(root);
    const result = await plugin.testHost.host.runWorkflow('release.prepare', {
      version: '1.4.0',
      commits: ['feat(ui): dark mode', 'fix: wrong exit code', 'chore: tidy up', 'WIP'],
    });
    expect(result.status).toBe('succeeded');
    expect(result.steps.collect?.output).toMatchObject({ ignored: 1 });
    expect(result.steps.bump?.output).toEqual({ version: '1.5.0', level: 'minor' });
    expect(result.steps.notes?.output).toEqual({
      markdown:
        '## 1.5.0\n\n### Features\n\n- **ui:** dark mode\n\n### Fixes\n\n- wrong exit code\n',
    });
  });

  it('gives the same plan through the release.plan command', async () => {
    const plugin = await mountPlugin(root);
    // toRespondWith and the other Stack matchers come from vitest.config.ts setupFiles; the
    // command id and input are typed from stack-plugin-env.d.ts.
    await expect(plugin).toRespondWith(
      'release.plan',
      {
        current: '1.4.0',
        commits: ['feat(ui): dark mode', 'fix: wrong exit code', 'chore: tidy up', 'WIP'],
      },
      {
        version: '1.5.0',
        level: 'minor',
        notes:
          '## 1.5.0\n\n### Features\n\n- **ui:** dark mode\n\n### Fixes\n\n- wrong exit code\n',
        changes: 3,
        ignored: 1,
      },
    );
  });

  it('accepts the example input stack-plugin.json shows callers', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../stack-plugin.json', import.meta.url), 'utf8'),
    );
    const [example] = manifest.contributes.commands[0].input.examples;
    const plugin = await mountPlugin(root);
    expect(await plugin.execute('release.plan', example)).toMatchObject({ version: '1.5.0' });
  });

  it('refuses a command input that does not match its schema', async () => {
    const plugin = await mountPlugin(root);
    await expect(plugin.execute('release.plan', { current: '1.4', commits: [] })).toRejectWithCode(
      'VALIDATION_FAILED',
    );
  });

  it('runs a single step on its own', async () => {
    const plugin = await mountPlugin(root);
    expect(
      await plugin.invoke('steps', 'version.bump', {
        current: '0.9.3',
        changes: [{ type: 'fix', summary: 'x', breaking: true }],
      }),
    ).toEqual({ version: '1.0.0', level: 'major' });
  });

  it('refuses a step input that does not match its schema', async () => {
    const plugin = await mountPlugin(root);
    await expect(
      plugin.invoke('steps', 'version.bump', { current: 'one', changes: [] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
