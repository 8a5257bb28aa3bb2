import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemClock } from './system-clock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The monotonic clock as the test sets it: `to(ms)`; every read is counted. */
function monotonic(start = 0) {
  let ms = start;
  const spy = vi.spyOn(performance, 'now').mockImplementation(() => ms);
  return {
    spy,
    to: (next: number) => {
      ms = next;
    },
  };
}

describe('createSystemClock().now', () => {
  it('reads the clock once per synchronous run and again after it', async () => {
    const mono = monotonic(100);
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const clock = createSystemClock();
    expect([clock.now(), clock.now(), clock.now()]).toEqual([1_000_000, 1_000_000, 1_000_000]);
    expect(mono.spy).toHaveBeenCalledTimes(1);
    mono.to(105);
    expect(clock.now()).toBe(1_000_000);
    await null;
    expect(clock.now()).toBe(1_000_005);
    mono.to(110);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(clock.now()).toBe(1_000_010);
    expect(mono.spy).toHaveBeenCalledTimes(3);
  });

  it('reads it again within a long synchronous run every 1024 reads', () => {
    let t = 0;
    const perfNow = vi.spyOn(performance, 'now').mockImplementation(() => ++t);
    vi.spyOn(Date, 'now').mockReturnValue(1_000);
    const clock = createSystemClock();
    const seen = Array.from({ length: 2049 }, () => clock.now());
    expect(perfNow).toHaveBeenCalledTimes(3);
    expect(new Set(seen)).toEqual(new Set([1_000, 1_001, 1_002]));
    expect(seen.filter((v) => v === 1_000)).toHaveLength(1024);
  });

  it('tells wall time from the monotonic clock, asking Date.now again once a second', async () => {
    const mono = monotonic(0);
    const dateNow = vi.spyOn(Date, 'now').mockReturnValue(5_000);
    const clock = createSystemClock();
    expect(clock.now()).toBe(5_000);
    // The system clock is stepped forward; the monotonic one is not.
    dateNow.mockReturnValue(9_000);
    mono.to(999.5);
    await null;
    expect(clock.now()).toBe(5_999);
    expect(dateNow).toHaveBeenCalledTimes(1);
    mono.to(1_000);
    await null;
    expect(clock.now()).toBe(9_000);
    expect(dateNow).toHaveBeenCalledTimes(2);
  });

  it('stays wall time: what it serves lies between what Date.now says before and after', () => {
    const clock = createSystemClock();
    const before = Date.now();
    const served = clock.now();
    expect(served).toBeGreaterThanOrEqual(before);
    expect(served).toBeLessThanOrEqual(Date.now());
  });
});
