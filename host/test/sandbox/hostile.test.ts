/**
 * The hostile battery: every fixture under test/fixtures/hostile/<attack>/ is loaded through
 * the real host (createHost, its broker, the Node fs and net services) at `limited` and
 * `strict`, next to a well-behaved sibling plugin. Each case asserts that the attack was
 * contained, that the host is alive and unpolluted, and that the sibling still works with
 * its state intact.
 */

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import inspector from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices, NetService, StateService } from '../../src/index.js';
import { createHost } from '../../src/index.js';
import { createProcessExecutor } from '../../src/sandbox/process-executor.js';
import { createWorkerExecutor } from '../../src/sandbox/worker-executor.js';
import { createNodeFsService, createNodeNetService } from '../../src/services/node/index.js';
import { fixture } from './_helpers.js';
import { expectations, type Outcome } from './_hostile-expectations.js';

const executors = {
  limited: createWorkerExecutor({ hangGraceMs: 300 }),
  strict: createProcessExecutor({ hangGraceMs: 300 }),
};
let root: string;
let server: Server;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-hostile-'));
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data/ok.txt'), 'fine');
  await writeFile(join(root, 'secret.txt'), 'top secret');
  await symlink('/etc/passwd', join(root, 'data/passwd-link'));
  await symlink('/etc', join(root, 'data/etc-link'));
  await symlink(join(root, 'secret.txt'), join(root, 'data/secret-link'));
  await symlink(tmpdir(), join(root, 'data/outside-link'));
  server = createServer((_req, res) => res.end('fine'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await Promise.all([executors.limited.close(), executors.strict.close()]);
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

/** Fake DNS: a name that rebinds to loopback, a metadata name, an undeclared public host. */
const dns: Record<string, string> = {
  'rebind.example.com': '127.0.0.1',
  'metadata.google.internal': '169.254.169.254',
  'evil.example.com': '93.184.216.34',
  'example.com': '93.184.216.34',
};

function memoryState(): StateService & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (scope, key) => data.get(`${scope}/${key}`),
    set: async (scope, key, value) => void data.set(`${scope}/${key}`, value),
    delete: async (scope, key) => void data.delete(`${scope}/${key}`),
    keys: async (scope) => [...data.keys()].filter((k) => k.startsWith(`${scope}/`)),
  };
}

/**
 * A net service that follows redirects the way the Node one does (authorize every hop with
 * the address it would connect to) but never opens a socket, so redirect re-checks can be
 * tested without the internet.
 */
const scriptedNet: NetService = {
  async fetch(request) {
    let url = new URL(request.url);
    const redirects: Record<string, string> = {
      '/redirect': 'http://evil.example.com/',
      '/metadata': 'http://169.254.169.254/latest/meta-data/',
    };
    for (let hop = 0; hop < 5; hop++) {
      request.authorize(url, dns[url.hostname] ?? url.hostname);
      const next = redirects[url.pathname];
      if (next === undefined)
        return { url: url.href, status: 200, ok: true, headers: {}, body: 'fine' };
      url = new URL(next);
    }
    throw new Error('too many redirects');
  },
};

type Level = 'limited' | 'strict';

/** Loads the sibling and the attacker, runs `attack`, then checks the host and the sibling. */
async function battle(
  level: Level,
  attack: string,
  services: Partial<HostServices> = {},
): Promise<Outcome> {
  const state = memoryState();
  const host = createHost({
    root,
    executors,
    config: { plugins: [] },
    env: { STACK_HOSTILE_SECRET: 's3cr3t', ALLOWED_KEY: 'ok' },
    services: {
      fs: createNodeFsService({ root }),
      net: createNodeNetService({
        resolve: async (name) => {
          const address = dns[name];
          if (address === undefined) throw new Error(`no such host ${name}`);
          return [{ address, family: 4 }];
        },
      }),
      state,
      logger: { write: () => {} },
      ...services,
    },
  });
  const outcome: Outcome = {};
  try {
    await host.load({ path: fixture('_sibling').dir }, { isolation: level });
    expect(await host.execute('sibling.ping', 'before')).toMatchObject({ calls: 1 });
    try {
      await host.load({ path: fixture(attack).dir }, { isolation: level });
      outcome.result = await host.execute('attack', { port });
    } catch (error) {
      const e = error as { code?: string; message: string };
      outcome.error = { code: e.code, message: e.message };
    }
    // The host is alive and unpolluted, and the sibling's code and state are intact.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted2');
    expect(inspector.url()).toBeUndefined();
    expect(await host.execute('sibling.ping', 'after')).toEqual({
      pong: 'after',
      calls: 2,
      now: 'number',
      url: '/a',
    });
    expect(state.data.get('plugin:hostile-sibling/calls')).toBe(2);
  } finally {
    await host.stop();
  }
  return outcome;
}

describe.each(['limited', 'strict'] as const)('hostile battery at %s', (level) => {
  it.each(Object.keys(expectations))(
    'contains %s',
    async (attack) => {
      const outcome = await battle(
        level,
        attack,
        attack === 'redirect-undeclared' ? { net: scriptedNet } : {},
      );
      expectations[attack]?.(outcome, port);
    },
    30_000,
  );
});

describe('declared private hosts', () => {
  it('a plugin that declares a loopback host can reach it', async () => {
    const outcome = await battle('strict', '_declared-loopback');
    expect(outcome).toEqual({ result: 'fine' });
  });
});
