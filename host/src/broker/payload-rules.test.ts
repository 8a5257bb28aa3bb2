import { describe, expect, it } from 'vitest';
import { argumentSize, findPayloadProblem, payloadSize } from './payload-rules.js';

describe('findPayloadProblem', () => {
  it('finds nothing wrong with structured-clonable plain data', () => {
    expect(findPayloadProblem(['t', { a: [1, 'x', null], d: new Date(0) }])).toBeUndefined();
  });

  it.each([
    [['t', 1, () => 1], '/2', 'a function is not structured-clonable data'],
    [['t', { p: new (class Point {})() }], '/1/p', 'a Point instance is not plain data'],
    [['t', { s: [Symbol('s')] }], '/1/s/0', 'a symbol is not structured-clonable data'],
    [
      ['t', JSON.parse('{"a":{"__proto__":1}}')],
      '/1/a/__proto__',
      'the key "__proto__" is not allowed',
    ],
  ])('says where and why %j is refused', (value, pointer, detail) => {
    expect(findPayloadProblem(value)).toMatchObject({ pointer, detail });
  });

  it('agrees with the sizes the hot paths measure', () => {
    const refused = ['t', () => 1];
    expect(payloadSize(refused)).toBe(-1);
    expect(argumentSize(refused[1], 1_000)).toBe(-1);
    expect(findPayloadProblem('x'.repeat(100), 64)).toEqual({
      pointer: '',
      detail: 'it is larger than the 64 byte limit',
      kind: 'shape',
    });
    expect(findPayloadProblem([() => 1])?.kind).toBe('data');
    expect(findPayloadProblem([new Map()])?.kind).toBe('data');
    expect(findPayloadProblem(JSON.parse('[{"__proto__":1}]'))?.kind).toBe('shape');
  });
});
