import { expect } from 'vitest';

/** What an attack came to: its command's result, or the error it was refused with. */
export type Outcome = { result?: unknown; error?: { code?: string; message: string } };

const denied = (code: string) => ({ ok: false, code });
const notReachable = { ok: false, error: expect.stringMatching(/^TypeError/) };

/** What each attack must come to; `port` is the test server's, which some attacks aim at. */
export const expectations: Record<string, (outcome: Outcome, port: number) => void> = {
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
      callCtor: inert,
      callSignalCtor: inert,
    });
  },
  'prototype-pollution': ({ result }) => {
    for (const attempt of Object.values(result as Record<string, { ok: boolean }>)) {
      expect(attempt).toMatchObject({ ok: false, error: expect.stringMatching(/^TypeError: /) });
    }
    expect(Object.keys(result as object)).toHaveLength(11);
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
  'ssrf-loopback': ({ result }, port) => {
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
