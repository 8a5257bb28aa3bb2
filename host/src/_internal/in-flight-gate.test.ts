import { describe, expect, it } from 'vitest';
import { CallQueue, createInFlightGate } from './in-flight-gate.js';
import { SETTLED } from './settled.js';

const deferred = () => {
  let resolve!: (v: number) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('CallQueue', () => {
  it('runs at most max calls at once and starts the waiting ones in order as calls settle', async () => {
    const calls = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const queue = new CallQueue(2).wrap((i: number, _b: undefined, _c: undefined) => {
      started.push(i);
      return (calls[i] as ReturnType<typeof deferred>).promise;
    });
    const results = calls.map((_, i) => queue(i, undefined, undefined));
    expect(started).toEqual([0, 1]);
    calls[1]?.reject(new Error('no'));
    await expect(results[1]).rejects.toThrow('no');
    expect(started).toEqual([0, 1, 2]);
    calls[0]?.resolve(0);
    await expect(results[0]).resolves.toBe(0);
    expect(started).toEqual([0, 1, 2, 3]);
    calls[2]?.resolve(2);
    calls[3]?.resolve(3);
    await expect(Promise.all([results[2], results[3]])).resolves.toEqual([2, 3]);
  });

  it('frees the slot of a call that settled before it returned (SETTLED) at once', async () => {
    const slow = deferred();
    const order: string[] = [];
    const queue = new CallQueue(1).wrap((what: string, _b: undefined, _c: undefined) => {
      order.push(what);
      return (what === 'slow' ? slow.promise : SETTLED) as Promise<unknown>;
    });
    // A thousand settled calls in a row never wait for one another.
    const settled = Array.from({ length: 1000 }, () => queue('settled', undefined, undefined));
    expect(order).toHaveLength(1000);
    // A pending call holds its slot; the next waits for it, then runs.
    const first = queue('slow', undefined, undefined);
    const after = queue('after', undefined, undefined);
    expect(order.at(-1)).toBe('slow');
    slow.resolve(1);
    await Promise.all([first, after, ...settled]);
    expect(order.at(-1)).toBe('after');
  });

  it('counts a call whose function throws as settled and rejects it', async () => {
    const queue = new CallQueue(1).wrap((fail: boolean, _b: undefined, _c: undefined) => {
      if (fail) throw new Error('thrown');
      return Promise.resolve('ran');
    });
    await expect(queue(true, undefined, undefined)).rejects.toThrow('thrown');
    await expect(queue(false, undefined, undefined)).resolves.toBe('ran');
  });

  it('starts thousands of waiting calls that settle at once without deep recursion', async () => {
    const gate = deferred();
    let ran = 0;
    const queue = new CallQueue(1).wrap((first: boolean, _b: undefined, _c: undefined) => {
      ran++;
      return (first ? gate.promise : SETTLED) as Promise<unknown>;
    });
    const all = [queue(true, undefined, undefined)];
    for (let i = 0; i < 200_000; i++) all.push(queue(false, undefined, undefined));
    gate.resolve(0);
    await Promise.all(all);
    expect(ran).toBe(200_001);
  });

  it('shares its slots between every function it wraps', async () => {
    const slow = deferred();
    const order: string[] = [];
    const queue = new CallQueue(1);
    const calls = queue.wrap((what: string, _b: undefined, _c: undefined) => {
      order.push(what);
      return slow.promise;
    });
    const lane = queue.wrap((what: string, _b: undefined, _c: undefined) => {
      order.push(what);
      return SETTLED as Promise<unknown>;
    });
    const first = calls('call', undefined, undefined);
    // The lane's call waits for the slot the other function's call holds.
    const second = lane('lane', undefined, undefined);
    expect(order).toEqual(['call']);
    slow.resolve(1);
    await Promise.all([first, second]);
    expect(order).toEqual(['call', 'lane']);
  });
});

describe('createInFlightGate', () => {
  it('refuses the call beyond max with PLUGIN_RATE_LIMITED and admits again once one settles', async () => {
    const gate = createInFlightGate('p', 1);
    const first = deferred();
    const running = gate(() => first.promise);
    await expect(gate(() => Promise.resolve(1))).rejects.toMatchObject({
      code: 'PLUGIN_RATE_LIMITED',
    });
    first.resolve(0);
    await running;
    await expect(gate(() => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('createInFlightGate and SETTLED', () => {
  it('does not count a call that settled before it returned', async () => {
    const gate = createInFlightGate('p', 1);
    const pending = deferred();
    for (let i = 0; i < 10; i++) await expect(gate(() => SETTLED)).resolves.toBeUndefined();
    const running = gate(() => pending.promise);
    await expect(gate(() => SETTLED)).rejects.toMatchObject({ code: 'PLUGIN_RATE_LIMITED' });
    pending.resolve(0);
    await running;
  });
});
