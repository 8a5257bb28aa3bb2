import { afterEach, expect, it } from 'vitest';
import { createHost, type Host, hostErrors } from '../src/index.js';
import { catalogError, tempDir, testServices, writePlugin } from './_support.js';
import { createFakeClock } from './workflow/_fake-clock.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostWithFakeClock() {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(dir, 'slow', {
    manifest: {
      limits: { timeoutMs: 5_000 },
      permissions: ['events:on:tick'],
      contributes: { commands: [{ id: 'hang' }, { id: 'ok' }] },
    },
    code: `export default {
  async activate(ctx) {
    await ctx.commands.register('hang', () => new Promise(() => {}));
    await ctx.commands.register('ok', () => 'fine');
    await ctx.events.on('tick', () => new Promise(() => {}));
  },
};
`,
  });
  const clock = createFakeClock(1_000);
  const services = { ...testServices(), clock };
  const host: Host = createHost({
    root: dir,
    config: { plugins: [{ path: 'slow' }] },
    services,
    env: {},
  });
  cleanups.push(() => host.stop());
  await host.start();
  return { host, clock, services };
}

it('times calls out on services.clock, not on the global timers', async () => {
  const { host, clock } = await hostWithFakeClock();
  let settled = false;
  const call = host.execute('hang').finally(() => {
    settled = true;
  });
  call.catch(() => {});
  // The deadline is a timer on the injected clock, and only that clock can fire it.
  expect(clock.pending()).toEqual([5_000]);
  await clock.advance(4_999);
  expect(settled).toBe(false);
  await clock.advance(1);
  await expect(call).rejects.toEqual(
    catalogError(hostErrors.PLUGIN_TIMEOUT, {
      plugin: 'slow',
      phase: 'command "hang"',
      timeoutMs: 5_000,
    }),
  );
  // A call that finishes in time leaves no timer behind.
  expect(await host.execute('ok')).toBe('fine');
  expect(clock.pending()).toEqual([]);
});

it('times event listeners out on services.clock', async () => {
  const { host, clock, services } = await hostWithFakeClock();
  let delivered = false;
  const emitted = host.events.emit('tick').then(() => {
    delivered = true;
  });
  await clock.flush();
  expect(clock.pending()).toEqual([5_000]);
  expect(delivered).toBe(false);
  await clock.advance(5_000);
  await emitted;
  expect(services.logs.map((r) => [r.level, r.plugin, r.message])).toEqual([
    [
      'warn',
      'slow',
      'listener failed for "tick": "slow" did not finish its "tick" listener within 5000 ms.',
    ],
  ]);
});
