// A host embedded in an application that enables async_hooks (APM agents, clinic, the
// `async_hooks` module's own users) after the host's modules loaded: Node then records an id on
// the parent promise of every `then`, including a promise the host created and shares.
import { createHook } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from '../src/index.js';
import { tempDir, testServices } from './_support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a host under an async hook enabled after it loaded', () => {
  it('lets the caller chain on what host.events.emit returns when every listener was synchronous', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const host = createHost({
      root: dir,
      config: { plugins: [] },
      services: testServices(),
      env: {},
    });
    cleanups.push(() => host.stop());
    await host.start();
    const seen: unknown[] = [];
    host.events.on('app.*', (event) => {
      seen.push(event.payload);
    });
    const hook = createHook({ init() {} }).enable();
    cleanups.push(async () => {
      hook.disable();
    });
    for (let i = 0; i < 2; i++) {
      await expect(host.events.emit('app.ready', { i }).then(() => 'chained')).resolves.toBe(
        'chained',
      );
    }
    expect(seen).toEqual([{ i: 0 }, { i: 1 }]);
  });
});
