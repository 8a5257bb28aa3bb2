/**
 * Regression: the host matched plugin-supplied `pattern`s (inputs, outputs, config defaults)
 * with JavaScript's backtracking engine on its main thread, so a hostile schema froze the
 * host, its timeout supervisor and every other plugin, at every isolation level. Each case
 * runs through the real host beside a well-behaved sibling that must keep answering.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATTERN_INPUT_LIMIT } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../src/index.js';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { fixture } from './_helpers.js';

const executors = {
  limited: createWorkerExecutor({ hangGraceMs: 300 }),
  strict: createProcessExecutor({ hangGraceMs: 300 }),
};
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-schema-redos-'));
});
afterAll(async () => {
  await Promise.all([executors.limited.close(), executors.strict.close()]);
  await rm(root, { recursive: true, force: true });
});

/**
 * Matching one crafted value with backtracking took 20 s and more on these machines (2^30
 * steps); the linear engine takes microseconds. The bound leaves room for a loaded machine.
 */
const RESPONSIVE_MS = 3_000;

function newHost(): Host {
  return createHost({
    root,
    executors,
    config: { plugins: [] },
    env: {},
    services: { logger: { write: () => {} } },
  });
}

/** Runs `attack` while the sibling is pinged; both must settle within the bound. */
async function whileSiblingAnswers(host: Host, attack: () => Promise<unknown>) {
  const started = performance.now();
  const [outcome, pong] = await Promise.all([
    attack().then(
      (result) => ({ result }),
      (error: { code?: string; message: string; cause?: { code?: string } }) => ({ error }),
    ),
    host.execute('sibling.ping', 'during'),
  ]);
  const elapsed = performance.now() - started;
  expect(pong).toMatchObject({ pong: 'during' });
  expect(elapsed).toBeLessThan(RESPONSIVE_MS);
  return outcome;
}

describe.each(['none', 'limited', 'strict'] as const)('hostile schema patterns at %s', (level) => {
  it('refuses a crafted input and output without freezing the host', async () => {
    const host = newHost();
    try {
      await host.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
      await host.load({ path: fixture('schema-redos').dir }, { isolation: level });
      const evil = `${'a'.repeat(30)}!`;

      const input = await whileSiblingAnswers(host, () => host.execute('redos.input', evil));
      expect(input).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect((input as { error: Error }).error.message).toContain('must match pattern');

      const output = await whileSiblingAnswers(host, () => host.execute('redos.output'));
      expect(output).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

      // A value the pattern accepts still passes.
      expect(await host.execute('redos.input', 'aaaa')).toBe('aaaa');
    } finally {
      await host.stop();
    }
  });

  it('refuses a string longer than the matcher bound with its own code', async () => {
    const host = newHost();
    try {
      await host.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
      await host.load({ path: fixture('schema-redos').dir }, { isolation: level });
      const long = 'a'.repeat(PATTERN_INPUT_LIMIT + 1);
      const outcome = await whileSiblingAnswers(host, () => host.execute('redos.input', long));
      expect(outcome).toMatchObject({
        error: { code: 'VALIDATION_FAILED', cause: { code: 'SCHEMA_PATTERN_INPUT_TOO_LONG' } },
      });
    } finally {
      await host.stop();
    }
  });

  it('refuses a config default that backtracks, at load, without freezing the host', async () => {
    const host = newHost();
    try {
      await host.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
      const outcome = await whileSiblingAnswers(host, () =>
        host.load({ path: fixture('schema-redos-default').dir }, { isolation: level }),
      );
      expect(outcome).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
    } finally {
      await host.stop();
    }
  });
});
