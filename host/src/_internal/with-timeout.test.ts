import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type TimedWork, withTimeout } from './with-timeout.js';

/** A manual deadline clock: `fire()` runs every pending deadline now. */
function manualClock() {
  const pending = new Set<() => void>();
  return {
    pending,
    fire: () => {
      for (const fire of [...pending]) {
        pending.delete(fire);
        fire();
      }
    },
    setTimeout: () => {
      throw new Error('the deadline clock is used, not timers');
    },
    clearTimeout: () => {},
    deadline: (fire: () => void) => {
      pending.add(fire);
      return { cancel: () => pending.delete(fire) };
    },
  };
}

const timeout = () => new Error('timed out');

describe('withTimeout', () => {
  it('hands back a value the work already has as it is, leaving no deadline armed', () => {
    const clock = manualClock();
    let seen: AbortSignal | undefined;
    const result = withTimeout(
      (work) => {
        seen = work.signal;
        return 42;
      },
      { timeoutMs: 10, clock, onTimeout: timeout },
    );
    expect(result).toBe(42);
    expect(clock.pending.size).toBe(0);
    expect(seen?.aborted).toBe(false);
  });

  it('builds the signal only when the work reads it, aborted if the run already ended', async () => {
    const clock = manualClock();
    let work: TimedWork | undefined;
    const result = withTimeout(
      (handed) => {
        work = handed;
        return new Promise<never>(() => {});
      },
      { timeoutMs: 10, clock, onTimeout: timeout },
    );
    clock.fire();
    await expect(result).rejects.toThrow('timed out');
    // Read for the first time after the deadline: aborted, with the timeout as its reason.
    expect(work?.signal.aborted).toBe(true);
    expect(work?.signal.reason).toEqual(new Error('timed out'));
    expect(work?.signal).toBe(work?.signal);
  });

  it('rejects at the deadline with the timeout error and aborts the signal of pending work', async () => {
    const clock = manualClock();
    let seen: AbortSignal | undefined;
    const result = withTimeout(
      (work) => {
        seen = work.signal;
        return new Promise<never>(() => {});
      },
      { timeoutMs: 10, clock, onTimeout: timeout },
    );
    expect(clock.pending.size).toBe(1);
    clock.fire();
    await expect(result).rejects.toThrow('timed out');
    expect(seen?.aborted).toBe(true);
  });

  it('times out work whose deadline fell while it ran, though it returned a value', async () => {
    const clock = manualClock();
    const result = withTimeout(
      () => {
        clock.fire();
        return 'late';
      },
      { timeoutMs: 10, clock, onTimeout: timeout },
    );
    await expect(result).rejects.toThrow('timed out');
  });

  it('turns a synchronous throw into the rejection and cancels the deadline', async () => {
    const clock = manualClock();
    const result = withTimeout(
      () => {
        throw new Error('boom');
      },
      { timeoutMs: 10, clock, onTimeout: timeout },
    );
    expect(clock.pending.size).toBe(0);
    await expect(result).rejects.toThrow('boom');
  });

  it('resolves pending work that finishes in time and cancels its deadline', async () => {
    const clock = manualClock();
    const result = withTimeout(async () => 'done', { timeoutMs: 10, clock, onTimeout: timeout });
    await expect(result).resolves.toBe('done');
    expect(clock.pending.size).toBe(0);
  });

  it('rejects with the outer signal reason and aborts the inner signal', async () => {
    const clock = manualClock();
    const outer = new AbortController();
    let seen: AbortSignal | undefined;
    const result = withTimeout(
      (work) => {
        seen = work.signal;
        return new Promise<never>(() => {});
      },
      { timeoutMs: 10, clock, onTimeout: timeout, signal: outer.signal },
    );
    outer.abort(new Error('caller gave up'));
    await expect(result).rejects.toThrow('caller gave up');
    expect(seen?.aborted).toBe(true);
    expect(clock.pending.size).toBe(0);
  });

  it('stops listening to the outer signal once the work settled, either way', async () => {
    const clock = manualClock();
    const outer = new AbortController();
    const options = { timeoutMs: 10, clock, onTimeout: timeout, signal: outer.signal };
    expect(withTimeout(() => 1, options)).toBe(1);
    await expect(withTimeout(async () => 2, options)).resolves.toBe(2);
    const hung = withTimeout(() => new Promise<never>(() => {}), options);
    clock.fire();
    await expect(hung).rejects.toThrow('timed out');
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    expect(clock.pending.size).toBe(0);
  });
});
