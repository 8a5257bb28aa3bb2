/**
 * Regressions for names that collided, through the real host with its Node state and fs
 * services: a package named `shared` read and overwrote the shared state store; journals
 * written under the old names must survive the rename; `fs:write:**` could delete the
 * state folder's parent or plant a file where it belongs.
 */

import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configEnvName, createHost, createNodeStateService, type Host } from '../../src/index.js';
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
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-namespaces-'));
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await rm(root, { recursive: true, force: true });
});

function newHost(env: Record<string, string> = {}): Host {
  host = createHost({
    root,
    executors,
    config: { plugins: [] },
    env,
    services: { logger: { write: () => {} } },
  });
  return host;
}

describe.each(['none', 'limited', 'strict'] as const)('state namespaces at %s', (level) => {
  it('gives a package named "shared" its own store, not the shared one', async () => {
    const h = newHost();
    await h.load({ path: fixture('shared-reader').dir }, { isolation: level });
    await h.load({ path: fixture('shared-name').dir }, { isolation: level });
    await h.execute('shared-reader.set', 'dark');
    expect(await h.execute('shared-name.attack')).toEqual({ keys: [], theme: undefined });
    expect(await h.execute('shared-reader.get')).toBe('dark');
    // Its own store kept what it wrote, apart from the shared one.
    expect(await h.execute('shared-name.attack')).toEqual({ keys: ['theme'], theme: 'pwned' });
    expect(await h.execute('shared-reader.get')).toBe('dark');
  });
});

it('migrates journals written under the old store names', async () => {
  const dir = join(root, '.stack', 'state');
  const old = createNodeStateService({ dir });
  await old.set('hostile-sibling', 'calls', 5);
  await old.set('shared', 'theme', 'legacy');
  await old.close();

  const h = newHost();
  await h.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
  await h.load({ path: fixture('shared-reader').dir });
  await h.load({ path: fixture('shared-name').dir });
  expect(await h.execute('shared-reader.get')).toBe('legacy');
  // The old "shared" journal was the shared store: the plugin named "shared" starts empty.
  expect(await h.execute('shared-name.attack')).toEqual({ keys: [], theme: undefined });
  await h.stop();
  host = undefined;
  const reopened = createNodeStateService({ dir });
  expect(await reopened.get('plugin:hostile-sibling', 'calls')).toBe(5);
  expect(await reopened.keys('hostile-sibling')).toEqual([]);
  await reopened.close();
});

describe.each(['none', 'limited', 'strict'] as const)('the state folder at %s', (level) => {
  it('cannot be removed or replaced through its ancestors', async () => {
    const h = newHost();
    await h.load({ path: fixture('_sibling').dir }, { isolation: 'limited' });
    await h.load({ path: fixture('greedy').dir }, { isolation: level });
    const call = (path: string, args: unknown[]) => h.execute('greedy.call', { path, args });
    // Before the host ever wrote state: a file planted where the folder belongs.
    expect(await call('fs.writeFile', ['.stack', 'blocked'])).toMatchObject({
      ok: false,
      error: { code: 'FS_PATH_RESERVED' },
    });
    expect(await h.execute('sibling.ping', 'one')).toMatchObject({ calls: 1 });
    expect(await call('fs.rm', ['.stack', { recursive: true }])).toMatchObject({
      ok: false,
      error: { code: 'FS_PATH_RESERVED' },
    });
    expect((await stat(join(root, '.stack', 'state'))).isDirectory()).toBe(true);
    // Reading and writing beside it still work.
    await mkdir(join(root, 'data'));
    expect(await call('fs.writeFile', ['data/ok.txt', 'fine'])).toMatchObject({ ok: true });
    expect(await call('fs.readdir', ['data'])).toMatchObject({ ok: true });
    expect(await h.execute('sibling.ping', 'two')).toMatchObject({ calls: 2 });
  });
});

it('never gives a plugin the config override meant for another', async () => {
  // Under the old naming both were STACK_PLUGIN_ACME_NOTES_APIURL.
  const h = newHost({ [configEnvName('@acme/notes', ['apiUrl'])]: 'https://notes.example.com' });
  await h.load({ path: fixture('env-acme').dir });
  expect(await h.execute('acme.config')).toEqual({});
  await h.stop();
  const own = newHost({ [configEnvName('acme', ['notes_apiUrl'])]: 'https://acme.example.com' });
  await own.load({ path: fixture('env-acme').dir });
  expect(await own.execute('acme.config')).toEqual({ notes_apiUrl: 'https://acme.example.com' });
});
