import { expect, it } from 'vitest';
import { latencyStats } from './_stats.js';

it('computes nearest-rank percentiles', () => {
  const durations = Array.from({ length: 100 }, (_, i) => 100 - i);
  expect(latencyStats(durations)).toEqual({
    samples: 100,
    mean: 50.5,
    p50: 50,
    p99: 99,
    min: 1,
    max: 100,
  });
  expect(latencyStats([])).toEqual({ samples: 0, mean: 0, p50: 0, p99: 0, min: 0, max: 0 });
  expect(latencyStats([3])).toMatchObject({ p50: 3, p99: 3 });
});
