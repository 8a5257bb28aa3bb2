import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverBenchFiles } from '../../scripts/bench.ts';
import {
  defineBench,
  formatBenchTable,
  formatDuration,
  runBench,
} from '../../scripts/bench-kit.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('bench kit', () => {
  it('measures the baseline and every case in one run, with ratios, goals and failures', async () => {
    let setUp = 0;
    let tornDown = 0;
    const definition = defineBench({
      name: 'kit-test',
      baseline: {
        name: 'sum 10',
        fn: () => Array.from({ length: 10 }, (_, i) => i).reduce((a, b) => a + b),
      },
      cases: [
        {
          name: 'sum 1000',
          fn: () => Array.from({ length: 1000 }, (_, i) => i).reduce((a, b) => a + b),
          items: 1000,
          goal: 'slower than the baseline',
          goalMet: ({ ratio, diffMs }) => ratio > 1 && diffMs > 0,
        },
        {
          name: 'throws',
          fn: () => {
            throw new Error('broken case');
          },
        },
      ],
      iterations: 5,
      time: 0,
      warmupIterations: 1,
      setup: async () => {
        setUp++;
      },
      teardown: async () => {
        tornDown++;
      },
    });
    const result = await runBench(definition, 'inline');
    expect({ setUp, tornDown }).toEqual({ setUp: 1, tornDown: 1 });
    expect(result).toMatchObject({
      name: 'kit-test',
      file: 'inline',
      baseline: 'sum 10',
      node: process.version,
    });
    const [base, sum, broken] = result.cases;
    expect(base).toMatchObject({ name: 'sum 10', isBaseline: true, ratio: 1, diffMs: 0 });
    expect(sum).toMatchObject({ name: 'sum 1000', isBaseline: false, items: 1000, goalMet: true });
    expect(sum!.samples).toBeGreaterThanOrEqual(5);
    expect(sum!.ratio).toBeCloseTo(sum!.medianMs / base!.medianMs);
    expect(sum!.perItemMs).toBeCloseTo(sum!.medianMs / 1000);
    expect(broken).toMatchObject({
      name: 'throws',
      samples: 0,
      error: expect.stringContaining('broken case'),
    });
    expect(broken!.medianMs).toBeNaN();

    const table = formatBenchTable(result)
      .split('\n')
      .map((line) =>
        line.replace(/\d+(\.\d+)? (ns|us|ms|s)|[\d.]+x|\d+/g, '#').replace(/ +/g, ' '),
      );
    expect(table.slice(1)).toEqual([
      'case median p# vs baseline diff per item samples goal',
      expect.stringMatching(/^-+( -+){7}$/),
      'sum # (baseline) # # # #',
      'sum # # # # +# # # slower than the baseline ok',
      'throws ERROR - - - #',
      expect.stringMatching(/^ throws failed: Error: broken case/),
      expect.any(String),
      expect.any(String),
      expect.any(String),
      '',
    ]);
  });

  it('formats durations in readable units', () => {
    expect([0.0000005, 0.0042, 0.5, 12.345, 2500, Number.NaN].map(formatDuration)).toEqual([
      '1 ns',
      '4.20 us',
      '500.0 us',
      '12.3 ms',
      '2.50 s',
      '-',
    ]);
  });

  it('discovers package and example benches', async () => {
    const files = (await discoverBenchFiles(repo)).map((f) => f.slice(repo.length));
    expect(files).toEqual(expect.arrayContaining([join('cli', 'bench', 'cold-start.bench.ts')]));
    expect(files.every((f) => /^(examples\/[^/]+|[^/]+)\/bench\/[^/]+\.bench\.ts$/.test(f))).toBe(
      true,
    );
  });
});
