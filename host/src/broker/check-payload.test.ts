import { describe, expect, it } from 'vitest';
import { checkPayload } from './check-payload.js';

const message = (value: unknown, maxBytes?: number): string | undefined => {
  try {
    checkPayload(value, { what: 'The payload', ...(maxBytes === undefined ? {} : { maxBytes }) });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('checkPayload', () => {
  it('accepts structured-clonable data', () => {
    expect(
      message({ a: [1, 'x', null, true, undefined, 2n], d: new Date(0), b: new Uint8Array(3) }),
    ).toBeUndefined();
    expect(message(Object.create(null))).toBeUndefined();
  });

  it.each([
    [{ f: () => 1 }, 'at /f: a function is not structured-clonable data'],
    [{ s: Symbol('x') }, 'at /s: a symbol is not structured-clonable data'],
    [{ m: new Map() }, 'at /m: a Map instance is not plain data'],
    [
      JSON.parse('{"a":{"constructor":{}}}'),
      'at /a/constructor: the key "constructor" is not allowed',
    ],
    [{ 'a/b': { prototype: 1 } }, 'at /a~1b/prototype: the key "prototype" is not allowed'],
  ])('refuses %o', (value, detail) => {
    expect(message(value)).toBe(`The payload does not match its schema: ${detail}.`);
  });

  it('refuses cycles, deep nesting and oversized payloads', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(message(cyclic)).toBe(
      'The payload does not match its schema: it is nested deeper than 64 levels (or contains a cycle).',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(message(deep)).toMatch(/nested deeper than 64 levels/);
    expect(message([[[[1]]]])).toBeUndefined();
    expect(message('x'.repeat(100), 64)).toBe(
      'The payload does not match its schema: it is larger than the 64 byte limit.',
    );
  });
});

describe('checkPayload on frozen values', () => {
  const deepFreeze = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  };

  it('accepts a deeply frozen value again and still applies the size limit to it', () => {
    const payload = deepFreeze({ a: ['x'.repeat(20)], b: { c: 1 } });
    expect(message(payload)).toBeUndefined();
    expect(message(payload)).toBeUndefined();
    expect(message({ wrapper: payload })).toBeUndefined();
    expect(message(payload, 40)).toBe(
      'The payload does not match its schema: it is larger than the 40 byte limit.',
    );
  });

  it('re-checks a frozen value whose nested values can still change', () => {
    const inner: Record<string, unknown> = { ok: 1 };
    const payload = Object.freeze({ inner });
    expect(message(payload)).toBeUndefined();
    inner.f = () => 1;
    expect(message(payload)).toBe(
      'The payload does not match its schema: at /inner/f: a function is not structured-clonable data.',
    );
  });

  it('re-checks a frozen value with a getter, which may answer differently', () => {
    let value: unknown = 1;
    const payload = Object.freeze({
      get v() {
        return value;
      },
    });
    expect(message(payload)).toBeUndefined();
    value = Symbol('x');
    expect(message(payload)).toBe(
      'The payload does not match its schema: at /v: a symbol is not structured-clonable data.',
    );
  });

  it('counts the depth of an accepted frozen value where it is nested again', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 60; i++) deep = Object.freeze([deep]);
    expect(message(deep)).toBeUndefined();
    let deeper: unknown = deep;
    for (let i = 0; i < 10; i++) deeper = [deeper];
    expect(message(deeper)).toMatch(/nested deeper than 64 levels/);
  });
});
