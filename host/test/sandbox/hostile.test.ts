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
type Outcome = { result?: unknown; error?: { code?: string; message: string } };

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

const denied = (code: string) => ({ ok: false, code });
const notReachable = { ok: false, error: expect.stringMatching(/^TypeError/) };

/** What each attack must come to. */
const expectations: Record<string, (outcome: Outcome) => void> = {
  'constructor-chain': ({ result }) => {
    const inert = {
      ok: false,
      error: 'TypeError: Function.prototype.constructor is not a valid constructor.',
    };
    expect(result).toEqual({
      fnCtor: inert,
      fnCtorGlobal: inert,
      ctxCtor: inert,
      ctxCtorCtor: inert,
      asyncCtor: inert,
      genCtor: inert,
      arrowProto: inert,
      registerCtor: inert,
    });
  },
  'prototype-pollution': ({ result }) => {
    for (const attempt of Object.values(result as Record<string, { ok: boolean }>)) {
      expect(attempt).toMatchObject({ ok: false, error: expect.stringMatching(/^TypeError: /) });
    }
    expect(Object.keys(result as object)).toHaveLength(9);
  },
  'process-global': ({ result }) => {
    expect(result).toMatchObject({
      process: 'undefined',
      globalProcess: 'undefined',
      global: 'undefined',
      Buffer: 'undefined',
      bindingViaFn: notReachable,
    });
  },
  'require-module': ({ result }) => {
    expect(result).toEqual({
      require: 'undefined',
      module: 'undefined',
      exports: 'undefined',
      viaFn: { ok: false, error: 'TypeError: require is not a function' },
      createRequire: { ok: true, value: 'undefined' },
    });
  },
  'dynamic-import-static': ({ error }) => {
    expect(error?.message).toMatch(
      /contains a dynamic import\(\); a sandboxed plugin must be one self-contained bundle/,
    );
  },
  'dynamic-import-runtime': ({ result }) => {
    for (const attempt of Object.values(
      result as Record<string, { ok: boolean; error?: string }>,
    )) {
      expect(attempt).toMatchObject({
        ok: false,
        error: expect.stringMatching(/import expression rejected|SES_IMPORT_REJECTED/),
      });
    }
    expect(Object.keys(result as object)).toEqual([
      'viaFunction',
      'viaGlobalEval',
      'viaIndirectEval',
      'viaCompartment',
    ]);
  },
  'process-env': ({ result }) => {
    expect(result).toMatchObject({
      processEnv: notReachable,
      fnProcessEnv: notReachable,
      declared: { ok: true, value: 'ok' },
      undeclared: denied('PERMISSION_DENIED'),
      secret: denied('PERMISSION_DENIED'),
    });
  },
  'proc-environ': ({ result }) => {
    for (const attempt of Object.values(result as object))
      expect(attempt).toMatchObject(denied('VALIDATION_FAILED'));
  },
  'signal-host': ({ result }) => {
    expect(result).toEqual({ kill: notReachable, viaFn: notReachable, viaGlobal: notReachable });
  },
  'sync-loop': ({ error }) => expect(error?.code).toBe('PLUGIN_TIMEOUT'),
  'sync-loop-activate': ({ error }) => expect(error?.code).toBe('PLUGIN_TIMEOUT'),
  'microtask-loop': ({ error }) => expect(error?.code).toBe('PLUGIN_TIMEOUT'),
  'never-settles': ({ error }) => expect(error?.code).toBe('PLUGIN_TIMEOUT'),
  redos: ({ error }) => expect(error?.code).toBe('PLUGIN_TIMEOUT'),
  'atomics-wait': ({ error }) => {
    expect(error?.message).toMatch(/Cannot read properties of undefined \(reading 'wait'\)/);
  },
  'heap-bomb': ({ error }) => {
    expect(error).toMatchObject({
      code: 'PLUGIN_CRASHED',
      message: expect.stringContaining('out-of-memory'),
    });
  },
  'arraybuffer-bomb': ({ error }) => {
    expect(error).toMatchObject({
      code: 'PLUGIN_CRASHED',
      message: expect.stringContaining('over its 64 MB limit'),
    });
  },
  'wasm-memory-bomb': ({ error }) => {
    expect(error?.message).toMatch(/Cannot read properties of undefined \(reading 'Memory'\)/);
  },
  'nested-worker': ({ result }) => {
    expect(result).toMatchObject({
      Worker: 'undefined',
      SharedWorker: 'undefined',
      viaFn: { ok: false },
    });
  },
  'path-traversal': ({ result }) => {
    expect(result).toMatchObject({
      dotdot: denied('VALIDATION_FAILED'),
      absolute: denied('VALIDATION_FAILED'),
      encoded: denied('FS_NOT_FOUND'),
      backslash: denied('VALIDATION_FAILED'),
      nul: denied('VALIDATION_FAILED'),
      outsideGlob: denied('PERMISSION_DENIED'),
      allowed: { ok: true, value: 'fine' },
    });
  },
  'symlink-escape': ({ result }) => {
    expect(result).toMatchObject({
      fileLink: denied('PERMISSION_DENIED'),
      dirLink: denied('PERMISSION_DENIED'),
      secretLink: denied('PERMISSION_DENIED'),
      writeThroughLink: denied('PERMISSION_DENIED'),
      allowed: { ok: true, value: 'fine' },
    });
  },
  'ssrf-loopback': ({ result }) => {
    const attempts = result as Record<string, { ok: boolean; code?: string }>;
    expect(Object.keys(attempts)).toHaveLength(10);
    for (const [url, attempt] of Object.entries(attempts)) {
      expect([url, attempt.ok]).toEqual([url, false]);
      expect(['PERMISSION_DENIED', 'NET_ADDRESS_BLOCKED']).toContain(attempt.code);
    }
    expect(attempts[`http://rebind.example.com:${port}/`]?.code).toBe('PERMISSION_DENIED');
  },
  'ssrf-metadata': ({ result }) => {
    const attempts = result as Record<string, { ok: boolean; code?: string }>;
    for (const attempt of Object.values(attempts)) expect(attempt.ok).toBe(false);
    // Allowed by name (net:*.google.internal), refused by address once resolved (DNS pinning).
    expect(attempts['http://metadata.google.internal/computeMetadata/v1/']).toMatchObject({
      code: 'PERMISSION_DENIED',
      error: expect.stringContaining(
        'resolves to the private, loopback or link-local address 169.254.169.254',
      ),
    });
    expect(attempts['http://169.254.169.254/latest/meta-data/']?.code).toBe('PERMISSION_DENIED');
  },
  'redirect-undeclared': ({ result }) => {
    expect(result).toMatchObject({
      redirect: {
        ok: false,
        code: 'PERMISSION_DENIED',
        error: expect.stringContaining('"net:evil.example.com:80"'),
      },
      toMetadata: {
        ok: false,
        code: 'PERMISSION_DENIED',
        error: expect.stringContaining('"net:169.254.169.254:80"'),
      },
      direct: { ok: true, value: 'object' },
    });
  },
  'payload-pollution': ({ result }) => {
    expect(result).toMatchObject({
      stateSet: denied('PLUGIN_MESSAGE_REJECTED'),
      nested: denied('PLUGIN_MESSAGE_REJECTED'),
      emit: denied('PLUGIN_MESSAGE_REJECTED'),
    });
  },
  'result-pollution': ({ error }) => expect(error?.code).toBe('PLUGIN_MESSAGE_REJECTED'),
  'oversized-payload': ({ result }) => {
    expect(result).toMatchObject({
      huge: denied('PLUGIN_MESSAGE_REJECTED'),
      deep: denied('PLUGIN_MESSAGE_REJECTED'),
      wide: denied('PLUGIN_MESSAGE_REJECTED'),
    });
  },
  'event-flood': ({ result }) => {
    const counts = result as Record<string, number>;
    expect(counts.PLUGIN_RATE_LIMITED).toBeGreaterThan(0);
    expect((counts.ok ?? 0) + (counts.PLUGIN_RATE_LIMITED ?? 0)).toBe(20_000);
  },
  'call-flood': ({ result }) => {
    const counts = result as Record<string, number>;
    expect(counts.PLUGIN_RATE_LIMITED).toBeGreaterThan(0);
    expect((counts.ok ?? 0) + (counts.PLUGIN_RATE_LIMITED ?? 0)).toBe(20_000);
  },
  'log-flood': ({ result }) => expect(result).toBe('done'),
  'crash-in-timer': ({ result }) => expect(result).toBe('armed'),
  'callsite-escape': ({ result }) => {
    // prepareStackTrace is ignored (a string stack, not the frames), no caller leaks.
    expect(result).toMatchObject({
      prepare: { ok: true, value: 'string' },
      captureStackTrace: { ok: true, value: 'string' },
      callerArgs: { ok: true, value: 'undefined' },
    });
  },
  'globals-probe': ({ result }) => {
    expect(result).toEqual({
      names: [
        'AbortController',
        'AbortSignal',
        'TextDecoder',
        'TextEncoder',
        'URL',
        'URLSearchParams',
        'clearInterval',
        'clearTimeout',
        'console',
        'decodeURI',
        'decodeURIComponent',
        'encodeURI',
        'encodeURIComponent',
        'escape',
        'eval',
        'globalThis',
        'harden',
        'isFinite',
        'isNaN',
        'lockdown',
        'parseFloat',
        'parseInt',
        'queueMicrotask',
        'setInterval',
        'setTimeout',
        'structuredClone',
        'undefined',
        'unescape',
      ],
      hasFetch: 'undefined',
      hasWebSocket: 'undefined',
      hasNavigator: 'undefined',
      hasPerformance: 'undefined',
      hasSetImmediate: 'undefined',
      hasMessageChannel: 'undefined',
    });
  },
  'stack-overflow': ({ result }) => expect(result).toBe('RangeError'),
};

describe.each(['limited', 'strict'] as const)('hostile battery at %s', (level) => {
  it.each(Object.keys(expectations))(
    'contains %s',
    async (attack) => {
      const outcome = await battle(
        level,
        attack,
        attack === 'redirect-undeclared' ? { net: scriptedNet } : {},
      );
      expectations[attack]?.(outcome);
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
