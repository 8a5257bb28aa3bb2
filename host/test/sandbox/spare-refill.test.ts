import { afterAll, expect, it } from 'vitest';
import { createSandboxExecutor } from '../../src/sandbox/sandbox-executor.js';
import type { SpawnRequest } from '../../src/sandbox/sandbox-transport.js';
import { spawnWorkerSandbox } from '../../src/sandbox/worker-transport.js';
import { call, FakeBroker, request } from './_helpers.js';

// Booting the next spare during a load made the load share 2 cores with a whole sandbox boot
// (a pooled strict load took 37.8 ms instead of 10.6 at load average 12).
const spawns: Array<{ plugin: boolean; at: number; booted?: number }> = [];
const executor = createSandboxExecutor(
  'limited',
  (req: SpawnRequest) => {
    const record: (typeof spawns)[number] = {
      plugin: req.init !== undefined,
      at: performance.now(),
    };
    spawns.push(record);
    const booting = spawnWorkerSandbox(req);
    void booting.then(() => {
      record.booted = performance.now();
    });
    return booting;
  },
  { prewarm: 1 },
);
afterAll(() => executor.close());

it('boots the next spare after a load has its sandbox, not beside it', async () => {
  const broker = new FakeBroker();
  const first = await executor.load(request('_features', broker));
  await first.activate(call());
  await expect.poll(() => spawns.length, { timeout: 10_000 }).toBe(2);
  expect(spawns.map((s) => s.plugin)).toEqual([true, false]);
  // Timers may fire up to a millisecond early.
  expect(spawns[1]!.at).toBeGreaterThanOrEqual(spawns[0]!.booted! + 49);
  await expect.poll(() => spawns[1]!.booted, { timeout: 10_000 }).toBeDefined();

  const loadStart = performance.now();
  const second = await executor.load(request('_features', broker));
  await second.activate(call());
  // The booted spare was taken; its replacement starts 50 ms after that at the earliest.
  await expect.poll(() => spawns.length, { timeout: 10_000 }).toBe(3);
  expect(spawns[2]!.plugin).toBe(false);
  expect(spawns[2]!.at).toBeGreaterThanOrEqual(loadStart + 49);
  await Promise.all([first.dispose(), second.dispose()]);
});
