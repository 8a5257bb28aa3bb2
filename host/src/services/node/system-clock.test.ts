import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemClock } from './system-clock.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createSystemClock().now', () => {
  it('reads the system clock once per synchronous run and again after it', async () => {
    let t = 1_000;
    const dateNow = vi.spyOn(Date, 'now').mockImplementation(() => (t += 5));
    const clock = createSystemClock();
    expect([clock.now(), clock.now(), clock.now()]).toEqual([1_005, 1_005, 1_005]);
    expect(dateNow).toHaveBeenCalledTimes(1);
    await null;
    expect(clock.now()).toBe(1_010);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(clock.now()).toBe(1_015);
    expect(dateNow).toHaveBeenCalledTimes(3);
  });

  it('reads it again within a long synchronous run every 1024 reads', () => {
    let t = 0;
    const dateNow = vi.spyOn(Date, 'now').mockImplementation(() => ++t);
    const clock = createSystemClock();
    const seen = Array.from({ length: 2049 }, () => clock.now());
    expect(dateNow).toHaveBeenCalledTimes(3);
    expect(new Set(seen)).toEqual(new Set([1, 2, 3]));
    expect(seen.filter((v) => v === 1)).toHaveLength(1024);
  });

  it('stays wall time: what it serves is what Date.now said in this run', () => {
    const clock = createSystemClock();
    const before = Date.now();
    const served = clock.now();
    expect(served).toBeGreaterThanOrEqual(before);
    expect(served).toBeLessThanOrEqual(Date.now());
  });
});
