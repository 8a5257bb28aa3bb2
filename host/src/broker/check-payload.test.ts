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
