import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPerformanceSuite } from '../../src/index.js';
import { ticketsCapabilities } from './_tickets-capability.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('runPerformanceSuite', () => {
  it('measures load, activation, host and bare calls, and writes a JSON report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perf-report-'));
    try {
      const reportFile = join(dir, 'report.json');
      const report = await runPerformanceSuite(fixture('bundle'), {
        iterations: 30,
        warmup: 3,
        inputs: { 'bundle.add': { a: 2, b: 3 } },
        reportFile,
      });
      expect(report).toMatchObject({
        plugin: 'fixture-bundle',
        ok: true,
        iterations: 30,
        violations: [],
      });
      expect(report.contributions).toHaveLength(1);
      const [add] = report.contributions;
      expect(add).toMatchObject({ contribution: 'commands:bundle.add', input: { a: 2, b: 3 } });
      expect(add?.host.samples).toBe(30);
      expect(add?.bare.samples).toBe(30);
      for (const stats of [add?.host, add?.bare]) {
        expect(stats?.p99).toBeGreaterThanOrEqual(stats?.p50 ?? Number.NaN);
        expect(stats?.p50).toBeGreaterThanOrEqual(stats?.min ?? Number.NaN);
      }
      expect(add?.overheadMs).toBeCloseTo((add?.host.p50 ?? 0) - (add?.bare.p50 ?? 0), 3);
      expect(report.coldLoadMs).toBeGreaterThan(0);
      expect(report.activationMs).toBeGreaterThan(0);
      expect(JSON.parse(await readFile(reportFile, 'utf8'))).toEqual(
        JSON.parse(JSON.stringify(report)),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports every exceeded budget and passes generous ones', async () => {
    const strict = await runPerformanceSuite(fixture('greeter'), {
      iterations: 5,
      warmup: 1,
      budgets: { coldLoadMs: 0, p99Ms: 0, contributions: { greet: { p50Ms: 0 } } },
    });
    expect(strict.ok).toBe(false);
    expect(strict.violations.map((v) => v.metric)).toEqual([
      'coldLoadMs',
      'commands:greet p50Ms',
      'commands:greet p99Ms',
    ]);
    expect(strict.violations.every((v) => v.actualMs > v.budgetMs)).toBe(true);
    const generous = await runPerformanceSuite(fixture('greeter'), {
      iterations: 5,
      warmup: 1,
      budgets: { coldLoadMs: 1e9, activationMs: 1e9, p50Ms: 1e9, p99Ms: 1e9, overheadMs: 1e9 },
    });
    expect(generous).toMatchObject({ ok: true, violations: [] });
  });

  it('reports contributions whose calls fail instead of measuring them', async () => {
    const report = await runPerformanceSuite(fixture('fragile'), {
      iterations: 3,
      warmup: 0,
      inputs: { parse: { text: 'not json' } },
    });
    expect(report.ok).toBe(false);
    expect(report.contributions[0]?.error).toMatch(/SyntaxError/);
  });

  it("measures a plugin written for a host capability, host and bare calls reaching the host's code", async () => {
    const reached: string[] = [];
    const report = await runPerformanceSuite(fixture('tickets'), {
      iterations: 10,
      warmup: 2,
      inputs: { 'tickets.open': { title: 'printer' } },
      capabilities: ticketsCapabilities(reached),
    });
    expect(report.ok).toBe(true);
    expect(report.contributions.map((c) => [c.contribution, c.error])).toEqual([
      ['commands:tickets.open', undefined],
    ]);
    // Warm-up and measured calls, through the host and bare, all opened a ticket.
    expect(reached.length).toBeGreaterThanOrEqual(2 * 10);
  });
});
