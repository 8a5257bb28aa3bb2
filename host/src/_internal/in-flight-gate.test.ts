import { describe, expect, it } from 'vitest';
import { createCallQueue, createInFlightGate } from './in-flight-gate.js';

const deferred = () => {
  let resolve!: (v: number) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('createCallQueue', () => {
  it('runs at most max calls at once and starts the waiting ones in order as calls settle', async () => {
    const queue = createCallQueue(2);
    const calls = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = calls.map((d, i) =>
      queue(() => {
        started.push(i);
        return d.promise;
      }),
    );
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
