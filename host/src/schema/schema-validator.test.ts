import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './schema-validator.js';

/** The reference: JSON.stringify of a copy whose objects were rebuilt with sorted keys. */
const sortedStringify = (value: unknown): string | undefined =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, (v as Record<string, unknown>)[k]]),
    );
  });

// Keys that are not array indices: an engine lists integer-like keys first whatever the
// insertion order, so the reference could not express their sorted order.
const key = fc.string().filter((k) => !/^(0|[1-9]\d*)$/.test(k));

describe('canonicalJson', () => {
  it('equals a key-sorted JSON.stringify for any JSON value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(fc.property(json, (value) => canonicalJson(value) === sortedStringify(value)));
  });

  it('gives equal strings for schemas that differ only in key order', () => {
    const a = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'number' } } };
    const b = { properties: { a: { type: 'number' }, b: { type: 'string' } }, type: 'object' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson({ x: 1 })).not.toBe(canonicalJson({ x: '1' }));
  });

  it('follows JSON.stringify for toJSON, holes, undefined and non-finite numbers', () => {
    const value = {
      when: new Date(0),
      list: [undefined, () => 1, Number.NaN, -0],
      gone: undefined,
      fn: () => 1,
      inf: Number.POSITIVE_INFINITY,
    };
    expect(canonicalJson(value)).toBe(sortedStringify(value));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
