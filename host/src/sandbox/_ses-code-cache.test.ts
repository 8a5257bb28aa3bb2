import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bootData, RUNTIME_FILES } from './_runtime-files.js';
import { sesCodeCache, whenSesCodeCacheReady } from './_ses-code-cache.js';
import { spawnProcessSandbox } from './process-transport.js';
import type { SandboxTransport } from './sandbox-transport.js';
import { spawnWorkerSandbox } from './worker-transport.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

function pingPong(transport: SandboxTransport): Promise<unknown> {
  cleanup.push(() => transport.kill());
  return new Promise((resolve) => {
    transport.onMessage((raw) => resolve(raw));
    transport.send({ t: 'ping', id: 7 });
  });
}

describe('the SES code cache', () => {
  it('is made once and accepted by V8 for the SES bundle', async () => {
    const cache = await whenSesCodeCacheReady();
    expect(cache).toBeInstanceOf(Uint8Array);
    expect(sesCodeCache()).toBe(cache);
    // Compiling (not running) SES here leaves the test realm untouched.
    const script = new Script(readFileSync(RUNTIME_FILES.ses, 'utf8'), {
      filename: RUNTIME_FILES.ses,
      cachedData: cache,
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('boots worker and process sandboxes that use it', async () => {
    await whenSesCodeCacheReady();
    const [worker, child] = await Promise.all([
      spawnWorkerSandbox({ name: 'cached', memoryMb: 32 }),
      spawnProcessSandbox({ name: 'cached', memoryMb: 32 }),
    ]);
    expect(await pingPong(worker)).toEqual({ t: 'pong', id: 7 });
    expect(await pingPong(child)).toEqual({ t: 'pong', id: 7 });
  });

  it('is only an optimisation: a sandbox given a cache V8 rejects compiles SES itself', async () => {
    const worker = new Worker(RUNTIME_FILES.main, {
      workerData: bootData('data', new Uint8Array(256).fill(7)),
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    cleanup.push(() => worker.terminate());
    const first = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(first).toEqual({ t: 'booted' });
  });
});
