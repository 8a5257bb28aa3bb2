import { describe, expect, it } from 'vitest';
import {
  checkSandboxMessage,
  DEFAULT_RPC_LIMITS,
  inspectPayload,
  TokenBucket,
} from './rpc-guard.js';

describe('inspectPayload', () => {
  it('accepts ordinary structured-clonable data', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(
      inspectPayload({
        a: [1, 'x', null, undefined, new Uint8Array(4)],
        m: new Map([['k', new Set([1])]]),
      }),
    ).toBeUndefined();
    expect(inspectPayload(cyclic)).toBeUndefined();
  });

  it.each([
    [JSON.parse('{"__proto__": {"polluted": true}}'), 'forbidden key "__proto__"'],
    [{ a: [{ constructor: { prototype: {} } }] }, 'forbidden key "constructor"'],
    [{ deep: { prototype: 1 } }, 'forbidden key "prototype"'],
    [new Map([['k', JSON.parse('{"__proto__": 1}')]]), 'forbidden key "__proto__"'],
  ])('refuses prototype keys at any depth (%#)', (value, problem) => {
    expect(inspectPayload(value)).toBe(problem);
  });

  it('refuses payloads over the size, depth and node limits', () => {
    const limits = { ...DEFAULT_RPC_LIMITS, maxPayloadBytes: 1_000, maxDepth: 5, maxNodes: 50 };
    expect(inspectPayload('x'.repeat(1_001), limits)).toBe('larger than 1000 bytes');
    expect(inspectPayload(new Uint8Array(2_000), limits)).toBe('larger than 1000 bytes');
    expect(inspectPayload({ a: { b: { c: { d: { e: { f: 1 } } } } } }, limits)).toBe(
      'nested deeper than 5 levels',
    );
    expect(
      inspectPayload(
        Array.from({ length: 60 }, () => 0),
        limits,
      ),
    ).toBe('more than 50 values');
  });

  it('walks a very deep payload without overflowing the stack', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    expect(inspectPayload(deep, { ...DEFAULT_RPC_LIMITS, maxNodes: 1_000_000 })).toBe(
      'nested deeper than 64 levels',
    );
  });
});

/** A `state.set` call message with these arguments and this payload fault. */
const setWith = (args: unknown[], fault: unknown) => ({
  t: 'cap',
  id: 1,
  capability: 'state',
  method: 'set',
  args,
  fault,
});

describe('checkSandboxMessage', () => {
  it('accepts well-formed messages', () => {
    expect(
      checkSandboxMessage({ t: 'cap', id: 1, capability: 'state', method: 'get', args: ['k'] }),
    ).toEqual({
      ok: true,
      message: { t: 'cap', id: 1, capability: 'state', method: 'get', args: ['k'] },
    });
    expect(checkSandboxMessage({ t: 'result', id: 3, ok: true, value: 1 }).ok).toBe(true);
    const fault = { pointer: '/1', detail: 'a function is not structured-clonable data' };
    expect(
      checkSandboxMessage({ t: 'cap', id: 2, capability: 'state', method: 'set', args: [], fault })
        .ok,
    ).toBe(true);
  });

  it.each([
    [null, 'not a plain object'],
    [[], 'not a plain object'],
    [{ t: 'exec' }, 'unknown message type "exec"'],
    [
      { t: 'cap', id: -1, capability: 'state', method: 'get', args: [] },
      'capability call without id',
    ],
    [
      { t: 'cap', id: 1.5, capability: 'state', method: 'get', args: [] },
      'capability call without id',
    ],
    [
      { t: 'cap', id: 1, capability: 'process', method: 'kill', args: [] },
      'unknown capability "process"',
    ],
    [
      { t: 'cap', id: 1, capability: 'constructor', method: 'x', args: [] },
      'unknown capability "constructor"',
    ],
    [{ t: 'cap', id: 1, capability: 'fs', method: 'chmod', args: [] }, 'unknown method "fs.chmod"'],
    [
      { t: 'cap', id: 1, capability: 'fs', method: 'toString', args: [] },
      'unknown method "fs.toString"',
    ],
    [
      { t: 'cap', id: 1, capability: 'fs', method: 'readFile', args: 'x' },
      'capability arguments are not an array',
    ],
    // A fault stands instead of the arguments, and is short text only.
    [setWith(['k', 1], { pointer: '', detail: 'x' }), 'malformed payload fault'],
    [setWith([], 'a function'), 'malformed payload fault'],
    [setWith([], { pointer: '', detail: 'x'.repeat(5_000) }), 'malformed payload fault'],
    [setWith([], { pointer: 1, detail: 'x' }), 'malformed payload fault'],
    [
      { t: 'result', id: 1, ok: true, value: 1, fault: { pointer: '', detail: 'x' } },
      'malformed payload fault',
    ],
    [
      {
        t: 'result',
        id: 1,
        ok: false,
        error: { name: 'Error', message: 'x' },
        fault: { pointer: '', detail: 'x' },
      },
      'malformed payload fault',
    ],
    [
      { t: 'result', id: 1, ok: true, fault: { pointer: '', detail: 7 } },
      'malformed payload fault',
    ],
    [{ t: 'result', id: 1, ok: false }, 'failed result without error'],
    [{ t: 'result', id: 1 }, 'malformed result'],
  ])('refuses %j', (raw, reason) => {
    expect(checkSandboxMessage(raw)).toEqual({ ok: false, reason });
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
