import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

// With the system clock, a call's deadline keeps the process alive only once the call outlives
// the turn that made it. A handler that awaits for ever, with nothing else on the event loop,
// must still end in PLUGIN_TIMEOUT, and a host whose calls all finished must let Node exit.
it('times a call out in a process with nothing else to wait for, and lets it exit after', async () => {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(dir, 'idle', {
    manifest: {
      limits: { timeoutMs: 300 },
      contributes: { commands: [{ id: 'hang' }, { id: 'ok' }] },
    },
    code: `export default {
  async activate(ctx) {
    await ctx.commands.register('hang', () => new Promise(() => {}));
    await ctx.commands.register('ok', () => 'fine');
  },
};
`,
  });
  const script = `import { createHost } from '@stack-plugin/host';
const host = createHost({ root: ${JSON.stringify(dir)}, config: { plugins: [{ path: 'idle' }] }, env: {} });
await host.start();
console.log(await host.execute('ok'));
const started = performance.now();
try {
  await host.execute('hang');
  console.log('settled');
} catch (error) {
  console.log(error.code, Math.round(performance.now() - started) >= 300);
}
`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  // The host is never stopped: its timers must not hold the process once nothing is pending.
  expect(child.stdout).toBe('fine\nPLUGIN_TIMEOUT true\n');
  expect(child.status).toBe(0);
  expect(performance.now() - started).toBeLessThan(20_000);
});
