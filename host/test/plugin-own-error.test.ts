import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { type TestServices, tempDir, testServices, writePlugin } from './_support.js';

// A plugin's own coded error (code, hint, and its own name as `plugin`) reaches the host's
// caller as it is at every isolation level. Before, an error from a sandbox lost its `plugin`
// on the wire, so `limited` and `strict` wrapped it as PLUGIN_CALL_FAILED while `none` did not.
// An error naming another plugin is wrapped at every level: a plugin cannot speak for another.

let dir: string;
let cleanup: () => Promise<void>;
let services: TestServices;
let host: Host | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  services = testServices();
  // Plain objects with the catalog error's fields: a strict sandbox can import no pdk.
  await writePlugin(dir, 'quota', {
    manifest: { contributes: { commands: [{ id: 'quota.own' }, { id: 'quota.other' }] } },
    code: `const coded = (plugin) => Object.assign(new Error('The quota is used up.'), {
      code: 'QUOTA_USED_UP', hint: 'Wait for the next hour.', plugin, data: { left: 0 } });
    export default { async activate(ctx) {
      await ctx.commands.register('quota.own', () => { throw coded('quota'); });
      await ctx.commands.register('quota.other', () => { throw coded('someone-else'); });
    } };`,
  });
  await writeFile(join(dir, 'stack.config.json'), JSON.stringify({ plugins: [{ path: 'quota' }] }));
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await cleanup();
});

describe.each(['none', 'limited', 'strict'])("a plugin's own error (isolation %s)", (level) => {
  it('reaches the caller with its code, hint, plugin and data, unwrapped', async () => {
    host = createHost({ root: dir, services, env: {}, policy: { minIsolation: level as 'none' } });
    await host.start();
    expect(host.plugin('quota')?.isolation).toBe(level);
    const own = await host.execute('quota.own').catch((error: unknown) => error);
    expect(own).toMatchObject({
      code: 'QUOTA_USED_UP',
      message: 'The quota is used up.',
      hint: 'Wait for the next hour.',
      plugin: 'quota',
      data: { left: 0 },
    });
    const other = await host.execute('quota.other').catch((error: unknown) => error);
    expect(other).toMatchObject({
      code: 'PLUGIN_CALL_FAILED',
      plugin: 'quota',
      errors: [{ code: 'QUOTA_USED_UP', hint: 'Wait for the next hour.' }],
    });
  }, 30_000);
});
