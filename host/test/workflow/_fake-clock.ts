import type { Clock } from '../../src/services/host-services.js';

/** A manual clock: timers fire only when a test advances time, so nothing really waits. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order and letting promise chains settle. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise chains settle without moving time. */
  flush(): Promise<void>;
  /** Delays of the timers still pending. */
  pending(): number[];
}

export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => [...timers.values()].map((t) => t.at - now),
    flush,
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await flush();
      }
      now = target;
    },
  };
}

/** A promise with its resolve and reject exposed. */
export function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
