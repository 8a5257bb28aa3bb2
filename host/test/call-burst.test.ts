import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { type TestServices, tempDir, testServices, writePlugin } from './_support.js';

// A plugin that fires many capability calls at once (Promise.all over a loop) gets every one
// answered at every isolation level: beyond the calls it may have outstanding, the rest wait
// on the plugin's side, in a sandbox as in-process. Before, `none` refused the 257th call.

const BURST = 1_000;
let dir: string;
let cleanup: () => Promise<void>;
let services: TestServices;
let host: Host | undefined;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  services = testServices();
  await writePlugin(dir, 'burst', {
    manifest: {
      permissions: ['events:emit:burst.*', 'state'],
      contributes: { commands: [{ id: 'burst.fire' }] },
    },
    code: `export default { async activate(ctx) {
      await ctx.commands.register('burst.fire', async ({ n }) => {
        const calls = [];
        for (let i = 0; i < n; i++) calls.push(i % 2 ? ctx.events.emit('burst.tick', i) : ctx.state.get('k'));
        await Promise.all(calls);
        return calls.length;
      });
    } };`,
  });
  await writeFile(join(dir, 'stack.config.json'), JSON.stringify({ plugins: [{ path: 'burst' }] }));
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await cleanup();
});

describe.each(['none', 'limited', 'strict'])('a burst of calls (isolation %s)', (level) => {
  it(`answers all ${BURST} concurrent calls`, async () => {
    host = createHost({ root: dir, services, env: {}, policy: { minIsolation: level as 'none' } });
    await host.start();
    let ticks = 0;
    host.events.on('burst.tick', () => {
      ticks++;
    });
    expect(await host.execute('burst.fire', { n: BURST })).toBe(BURST);
    expect(ticks).toBe(BURST / 2);
  }, 60_000);
});
