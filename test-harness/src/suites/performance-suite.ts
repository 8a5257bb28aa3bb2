import { describe, expect, it } from 'vitest';
import { readPluginInfo } from './_plugin-info.js';
import {
  type PerformanceReport,
  type PerformanceSuiteOptions,
  runPerformanceSuite,
} from './run-performance-suite.js';

/**
 * Registers the performance suite for the plugin in `pluginDir`: it measures once, then one
 * test checks load and activation against the budgets and one checks per-call latency and
 * host overhead. Set `reportFile` to keep the JSON report as a CI artifact.
 *
 * @example
 * ```ts
 * // test/performance.test.ts
 * import { fileURLToPath } from 'node:url';
 * import { performanceSuite } from '@stack-plugin/test-harness';
 *
 * performanceSuite(fileURLToPath(new URL('..', import.meta.url)), {
 *   budgets: { coldLoadMs: 200, p99Ms: 5, overheadMs: 1 },
 *   reportFile: 'performance-report.json',
 * });
 * ```
 */
export function performanceSuite(pluginDir: string, options: PerformanceSuiteOptions = {}): void {
  const info = readPluginInfo(pluginDir);
  let report: Promise<PerformanceReport> | undefined;
  const run = () => {
    report ??= runPerformanceSuite(pluginDir, options);
    return report;
  };
  describe(`performance: ${info.name}`, () => {
    it('loads and activates within budget', { timeout: 120_000 }, async () => {
      const result = await run();
      expect(
        result.violations.filter((v) => v.metric === 'coldLoadMs' || v.metric === 'activationMs'),
      ).toEqual([]);
    });
    it('answers calls within budget', { timeout: 120_000 }, async () => {
      const result = await run();
      expect(
        result.contributions
          .filter((c) => c.error !== undefined)
          .map((c) => `${c.contribution}: ${c.error}`),
      ).toEqual([]);
      expect(
        result.violations.filter((v) => v.metric !== 'coldLoadMs' && v.metric !== 'activationMs'),
      ).toEqual([]);
    });
  });
}
