/**
 * Regressions for work the host did on a plugin's behalf without bounds: state of any size
 * and number of keys, log records of any size at any rate, event payloads of any size kept
 * in a history of 1,000. Each budget refuses the one call with `PLUGIN_BUDGET_EXCEEDED`
 * through the real host (Node state store) at every isolation level, and the host and a
 * sibling go on. The budgets come from the host policy, in code or in stack.config.json.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events/event-bus.js';
import {
  createHost,
  DEFAULT_PLUGIN_BUDGETS,
  type Host,
  type LogRecord,
  type PluginBudgets,
} from '../../src/index.js';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { fixture } from './_helpers.js';

const executors = {
  limited: createWorkerExecutor({ hangGraceMs: 300 }),
  strict: createProcessExecutor({ hangGraceMs: 300 }),
};
afterAll(() => Promise.all([executors.limited.close(), executors.strict.close()]));

let root: string;
let host: Host | undefined;
let logs: LogRecord[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-budgets-'));
  logs = [];
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await rm(root, { recursive: true, force: true });
});

const SMALL: Partial<PluginBudgets> = {
  stateKeyLength: 32,
  stateValueBytes: 4_096,
  stateKeys: 20,
  stateBytes: 40_000,
  logRecordBytes: 2_048,
  logBytesPerSecond: 1_000,
  logBurstBytes: 10_000,
  eventPayloadBytes: 8_192,
};

async function start(level: 'none' | 'limited' | 'strict', policyInFile = false) {
  if (policyInFile) {
    await writeFile(
      join(root, 'stack.config.json'),
      JSON.stringify({ plugins: [], policy: { budgets: SMALL } }),
    );
  }
  host = createHost({
    root,
    executors,
    ...(policyInFile ? {} : { config: { plugins: [] }, policy: { budgets: SMALL } }),
    env: {},
    services: { logger: { write: (record) => void logs.push(record) } },
  });
  await host.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
  await host.load({ path: fixture('greedy').dir }, { isolation: level });
  const h = host;
  return (path: string, args: unknown[], times?: number) =>
    h.execute('greedy.call', { path, args, ...(times === undefined ? {} : { times }) }) as Promise<{
      ok: boolean;
      done: number;
      error?: { code: string; message: string };
    }>;
}

const refused = (budget: keyof PluginBudgets) => ({
  ok: false,
  error: { code: 'PLUGIN_BUDGET_EXCEEDED', message: expect.stringContaining(`"${budget}"`) },
});

describe.each(['none', 'limited', 'strict'] as const)('budgets at %s', (level) => {
  it('bounds state: key length, value size, key count, total bytes', async () => {
    const call = await start(level);
    expect(await call('state.set', [{ repeat: 33 }, 1])).toMatchObject(refused('stateKeyLength'));
    expect(await call('state.set', ['big', { repeat: 2_100 }])).toMatchObject(
      refused('stateValueBytes'),
    );
    // 20 keys of ~2 KB fit the count but not the 40,000 bytes.
    const filled = await call('state.set', ['k', { repeat: 1_000 }], 25);
    expect(filled).toMatchObject(refused('stateBytes'));
    expect(filled.done).toBe(19);
    // Deleting gives the bytes back; small values then run into the key count.
    for (let i = 0; i < 10; i++) await call('state.delete', [`k${i}`]);
    expect(await call('state.set', ['s', 1], 20)).toMatchObject({
      ...refused('stateKeys'),
      done: 11,
    });
    expect(await host?.execute('sibling.ping', 'after')).toMatchObject({ calls: 1 });
  });

  it('bounds log records by size and by byte rate', async () => {
    const call = await start(level, true);
    // Through ctx.log the plugin never sees a refusal (logging is fire-and-forget), so the
    // records that reached the logger are what counts.
    await call('log.info', [{ repeat: 900 }], 60);
    await call('log.info', [{ repeat: 5_000 }]);
    const mine = logs.filter((r) => r.plugin === 'hostile-greedy');
    expect(mine.length).toBeGreaterThan(0);
    // 10,000 bytes of burst plus 1,000/s: far fewer than the 60 records of 1,800 bytes sent.
    expect(mine.length).toBeLessThan(10);
    expect(mine.every((r) => r.message.length < 1_000)).toBe(true);
  });

  it('bounds event payloads', async () => {
    const call = await start(level);
    expect(await call('events.emit', ['greedy.big', { repeat: 4_200 }])).toMatchObject(
      refused('eventPayloadBytes'),
    );
    expect(await call('events.emit', ['greedy.small', { repeat: 100 }])).toMatchObject({
      ok: true,
    });
  });
});

it('refuses an unknown or non-positive budget in stack.config.json', async () => {
  await writeFile(
    join(root, 'stack.config.json'),
    JSON.stringify({ plugins: [], policy: { budgets: { stateKeys: 0, logLines: 5 } } }),
  );
  host = createHost({ root, env: {} });
  await expect(host.start()).rejects.toMatchObject({
    // Checked by the published stack.config.json schema: every problem at once.
    code: 'HOST_CONFIG_INVALID',
    message: expect.stringMatching(
      /\/policy\/budgets\/stateKeys[\s\S]*logLines|logLines[\s\S]*\/policy\/budgets\/stateKeys/,
    ),
  });
});

it('keeps event history only when asked, bounded by payload bytes', () => {
  expect(DEFAULT_PLUGIN_BUDGETS.eventHistoryBytes).toBe(8 * 1024 * 1024);
  const bus = new EventBus({
    historySize: 100,
    historyBytes: () => 2_500,
    sizeOf: (payload) => String(payload).length,
  });
  for (let i = 0; i < 10; i++)
    void bus.publish({ topic: 't', payload: `${i}`.repeat(1_000), source: 'p', time: i });
  // Two payloads of 1,000 bytes fit in 2,500; older ones were let go.
  expect(bus.history().map((e) => e.time)).toEqual([8, 9]);
  const off = new EventBus();
  void off.publish({ topic: 't', payload: 1, source: 'p', time: 0 });
  expect(off.history()).toEqual([]);
});
