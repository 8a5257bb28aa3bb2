import { describe, expect, it } from 'vitest';
import {
  argumentSize,
  findPayloadProblem,
  payloadSize,
  plainCopy,
  postPlain,
} from './payload-rules.js';

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

describe('objects posing as a Date or an ArrayBuffer', () => {
  // `instanceof` takes them for one; a clone refuses them or makes them `{}`.
  it.each([
    ['a Proxy of a Date', () => new Proxy(new Date(0), {})],
    ['an object inheriting from Date', () => Object.create(Date.prototype)],
    ['a Proxy of an ArrayBuffer', () => new Proxy(new ArrayBuffer(4), {})],
    ['an object inheriting from ArrayBuffer', () => Object.create(ArrayBuffer.prototype)],
  ])('refuses %s as not plain data, without throwing', (_name, make) => {
    const value = { at: make() };
    expect(payloadSize(value)).toBe(-1);
    expect(argumentSize(value, 1024)).toBe(-1);
    expect(findPayloadProblem(value)).toEqual({
      pointer: '/at',
      detail: expect.stringMatching(/^an object posing as a Date or an ArrayBuffer/),
      kind: 'data',
    });
  });

  it('accepts the real ones, and views of buffers', () => {
    const value = { d: new Date(0), b: new ArrayBuffer(4), v: new Uint8Array(2) };
    expect(findPayloadProblem(value)).toBeUndefined();
    expect(payloadSize(value)).toBeGreaterThan(14);
  });
});

describe('plainCopy', () => {
  it('copies plain data behind Proxies and getters into data a structured clone accepts', () => {
    let reads = 0;
    const value = new Proxy(
      {
        list: new Proxy([1, { b: 2 }], {}),
        get counted() {
          reads++;
          return 'x';
        },
      },
      {},
    );
    expect(findPayloadProblem(value)).toBeUndefined();
    expect(() => structuredClone(value)).toThrow();
    reads = 0;
    const copy = plainCopy(value);
    expect(reads).toBe(1);
    expect(structuredClone(copy)).toEqual({ list: [1, { b: 2 }], counted: 'x' });
  });

  it('keeps dates and bytes, and a prototype key as an own key', () => {
    const when = new Date(0);
    const bytes = new Uint8Array([1]);
    const copy = plainCopy({ when, bytes }) as { when: Date; bytes: Uint8Array };
    expect(copy.when).toBe(when);
    expect(copy.bytes).toBe(bytes);
    const keyed = plainCopy(JSON.parse('{"__proto__":{"polluted":true}}')) as object;
    expect(Object.getPrototypeOf(keyed)).toBe(Object.prototype);
    expect(Object.keys(keyed)).toEqual(['__proto__']);
    // The copy still carries the key, so the receiver's own check refuses it as before.
    expect(findPayloadProblem(keyed)).toMatchObject({ pointer: '/__proto__', kind: 'shape' });
  });

  it('stops at the depth bound, leaving deeper values as they are', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = new Proxy(cyclic, {});
    expect(() => plainCopy(cyclic)).not.toThrow();
  });
});

describe('postPlain', () => {
  const cloningPost = (sent: unknown[]) => (message: unknown) => {
    sent.push(structuredClone(message));
  };

  it('posts a message a clone accepts as it is, and its plain copy when a clone refuses it', () => {
    const sent: unknown[] = [];
    postPlain(cloningPost(sent), { t: 'call', args: [1] });
    postPlain(cloningPost(sent), { t: 'call', args: [new Proxy({ a: 1 }, {})] });
    expect(sent).toEqual([
      { t: 'call', args: [1] },
      { t: 'call', args: [{ a: 1 }] },
    ]);
  });

  it('throws the first error when the copy cannot be posted either', () => {
    const sent: unknown[] = [];
    const error = new Error('the sandbox has exited');
    expect(() =>
      postPlain(
        () => {
          throw error;
        },
        { t: 'ping' },
      ),
    ).toThrow(error);
    // A function is not plain data: the copy keeps it, the clone refuses it again.
    expect(() => postPlain(cloningPost(sent), { t: 'call', args: [() => 1] })).toThrow(
      /could not be cloned/,
    );
    expect(sent).toEqual([]);
  });
});
