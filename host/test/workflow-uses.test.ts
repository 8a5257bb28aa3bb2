import { afterEach, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function twoPlugins(): Promise<Host> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  // "alpha" declares "shared" but never registers it; "beta" registers a command of that id.
  await writePlugin(dir, 'alpha', {
    manifest: {
      contributes: {
        commands: [{ id: 'mine' }, { id: 'shared' }],
        workflows: [
          {
            id: 'alpha-flow',
            steps: [
              { id: 'own', uses: 'commands:mine' },
              { id: 'foreign', uses: 'commands:shared' },
              { id: 'bare', uses: 'beta.tool' },
            ],
          },
        ],
      },
    },
    code: `export default {
  async activate(ctx) {
    await ctx.commands.register('mine', () => 'alpha mine');
  },
};
`,
  });
  await writePlugin(dir, 'beta', {
    manifest: { contributes: { commands: [{ id: 'shared' }, { id: 'beta.tool' }] } },
    code: `export default {
  async activate(ctx) {
    await ctx.commands.register('shared', () => 'beta shared');
    await ctx.commands.register('beta.tool', () => 'beta tool');
  },
};
`,
  });
  const host = createHost({
    root: dir,
    config: { plugins: [{ path: 'alpha' }, { path: 'beta' }] },
    services: testServices(),
    env: {},
  });
  cleanups.push(() => host.stop());
  await host.start();
  return host;
}

it("resolves <kind>:<id> in a plugin's workflow to that plugin only, and bare ids to any plugin", async () => {
  const host = await twoPlugins();
  const result = await host.runWorkflow('alpha-flow');
  expect(result.steps.own).toEqual({ status: 'succeeded', attempts: 1, output: 'alpha mine' });
  expect(result.steps.bare).toEqual({ status: 'succeeded', attempts: 1, output: 'beta tool' });
  expect(result.steps.foreign?.status).toBe('failed');
  expect(result.steps.foreign?.error?.cause).toMatchObject({
    code: 'WORKFLOW_USES_FOREIGN',
    plugin: 'alpha',
    message:
      'Workflow "alpha-flow" of "alpha" uses "commands:shared", which names a contribution of "alpha" itself, but it is registered by "beta".',
  });
});

it('lets host workflows name any plugin contribution by kind', async () => {
  const host = await twoPlugins();
  const result = await host.runWorkflow({
    id: 'inline',
    steps: [{ id: 'shared', uses: 'commands:shared' }],
  });
  expect(result).toEqual({
    status: 'succeeded',
    steps: { shared: { status: 'succeeded', attempts: 1, output: 'beta shared' } },
  });
});
