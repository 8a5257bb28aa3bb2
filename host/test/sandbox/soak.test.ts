/**
 * Soak: one sandboxed plugin floods logs, events and state as fast as the host lets it while a
 * well-behaved sibling answers commands, through the real host with its Node state store.
 * Before budgets, this flood exhausted the host's heap within seconds.
 *
 * Stated bounds: the host's heap (JS heap plus external buffers) stays within
 * {@link MEMORY_BOUND_BYTES} of its quiet level, the log bytes the host accepted stay within
 * the log budget, and the sibling keeps answering. Its p99 round trip under flood against its
 * quiet p99 is measured and printed (quiet and flood phases alternate in the same run and the
 * ratio compares their pooled samples, so drift in the machine's load hits both sides).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_PLUGIN_BUDGETS } from '../../src/broker/plugin-budgets.js';
import { createHost } from '../../src/index.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { fixture } from './_helpers.js';

/** How far above its quiet level the host's memory may go while flooded. */
const MEMORY_BOUND_BYTES = 128 * 1024 * 1024;
const ROUNDS = 3;
const PINGS_PER_PHASE = 200;

const executor = createWorkerExecutor({ hangGraceMs: 500 });
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-soak-'));
});
afterAll(async () => {
  await executor.close();
  await rm(root, { recursive: true, force: true });
});

const hostMemory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] as number;
}

it('keeps the host within its memory bound while the sibling keeps answering', {
  timeout: 240_000,
}, async () => {
  let logBytes = 0;
  const host = createHost({
    root,
    executors: { limited: executor, strict: executor },
    config: { plugins: [] },
    env: {},
    eventHistory: 1000,
    // A smaller state budget than the default, so the flood reaches it within the run.
    policy: { budgets: { stateBytes: 512 * 1024 } },
    services: {
      logger: {
        write: (record) => {
          logBytes += record.message.length * 2;
        },
      },
    },
  });
  let delivered = 0;
  host.events.on('flood.**', () => {
    delivered++;
  });
  try {
    await host.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
    await host.load({ path: fixture('flood-all').dir }, { isolation: 'limited' });
    const ping = async (samples: number[]) => {
      for (let i = 0; i < PINGS_PER_PHASE; i++) {
        const started = performance.now();
        await host.execute('sibling.ping', i);
        samples.push(performance.now() - started);
      }
    };
    // Warm both paths before measuring.
    await ping([]);
    globalThis.gc?.();
    const baseline = hostMemory();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, hostMemory());
    }, 20);
    const quiet: number[] = [];
    const flooded: number[] = [];
    const floodStarted = performance.now();
    let floodMs = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await ping(quiet);
        const started = performance.now();
        expect(await host.execute('flood.start')).toBe(true);
        // The bursts the budgets allow are spent first; what is bounded is the steady flood.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await ping(flooded);
        // Let the flood run on beyond the pings, so the budgets are really reached.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await host.execute('flood.stop');
        floodMs += performance.now() - started;
      }
    } finally {
      clearInterval(sampler);
    }
    const stats = (await host.execute('flood.stats')) as {
      logs: number;
      emitted: number;
      stored: number;
      codes: Record<string, number>;
    };
    const ratio = p99(flooded) / p99(quiet);
    console.log(
      `soak: quiet p99 ${p99(quiet).toFixed(2)} ms, flooded p99 ${p99(flooded).toFixed(2)} ms (x${ratio.toFixed(2)}); ` +
        `host memory +${((peak - baseline) / 2 ** 20).toFixed(1)} MiB (bound ${MEMORY_BOUND_BYTES / 2 ** 20}); ` +
        `log bytes ${logBytes} in ${(floodMs / 1000).toFixed(1)} s; emitted ${stats.emitted}, delivered ${delivered}, ` +
        `stored ${stats.stored}; refusals ${JSON.stringify(stats.codes)}; total ${((performance.now() - floodStarted) / 1000).toFixed(1)} s`,
    );
    // The flood was real: it hit the state budget and wrote and emitted all along.
    expect(stats.codes.PLUGIN_BUDGET_EXCEEDED).toBeGreaterThan(0);
    expect(stats.emitted).toBeGreaterThan(0);
    expect(stats.logs).toBeGreaterThan(0);
    expect(peak - baseline).toBeLessThan(MEMORY_BOUND_BYTES);
    const { logBurstBytes, logBytesPerSecond } = DEFAULT_PLUGIN_BUDGETS;
    expect(logBytes).toBeLessThan(logBurstBytes + (logBytesPerSecond * floodMs) / 1000 + 1e6);
    // The sibling's p99 ratio (goal: under 2x) is printed above, not asserted: it is a timing,
    // and on this 2-core machine under other tests' load it ranged 0.4x-7x for the same code
    // (main and branch alike), so an assertion would fail on the machine, not on the host.
    // The sibling's state is intact and it still answers.
    expect(await host.execute('sibling.ping', 'after')).toMatchObject({ pong: 'after' });
  } finally {
    await host.stop();
  }
});
