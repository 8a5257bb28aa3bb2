import { assert, describe, it } from 'vitest';
import { formatCheckFailure } from './_finding-report.js';
import { readPluginInfo } from './_plugin-info.js';
import { runSecuritySuite } from './run-security-suite.js';
import {
  SECURITY_CHECKS,
  type SecurityReport,
  type SecuritySuiteOptions,
} from './security-report.js';

/**
 * Registers the security suite for the plugin in `pluginDir`: one `describe` with one test
 * per check (activation, fuzzing from the input schemas, hostile payloads, timeouts,
 * undeclared use, secret leaks, undeclared variants of every capability, declared isolation,
 * declared against used permissions). The plugin runs once; each test fails with that check's
 * findings.
 *
 * @example
 * ```ts
 * // test/security.test.ts
 * import { fileURLToPath } from 'node:url';
 * import { securitySuite } from '@stack-plugin/test-harness';
 *
 * securitySuite(fileURLToPath(new URL('..', import.meta.url)), {
 *   net: [{ url: /api\.example\.com/, response: { json: { items: [] } } }],
 * });
 * ```
 */
export function securitySuite(pluginDir: string, options: SecuritySuiteOptions = {}): void {
  const info = readPluginInfo(pluginDir);
  let report: Promise<SecurityReport> | undefined;
  const run = () => {
    report ??= runSecuritySuite(pluginDir, options);
    return report;
  };
  // Checks that cannot apply to this plugin get no test at all, rather than a skipped one.
  const applies = (check: (typeof SECURITY_CHECKS)[number]): boolean => {
    if (check === 'secrets') return info.permissions.some((p) => p.startsWith('secret:'));
    if (check === 'isolation') {
      return (
        options.isolation === true || (options.isolation !== false && info.isolation !== 'none')
      );
    }
    if (check === 'hostile-input') return options.hostile !== false;
    return true;
  };
  describe(`security: ${info.name}`, () => {
    for (const check of SECURITY_CHECKS.filter(applies)) {
      it(check, async (context) => {
        const result = await run();
        const state = result.checks[check];
        if (state.skipped !== undefined) {
          context.skip(state.skipped);
          return;
        }
        const problems = result.findings.filter((f) => f.check === check && f.severity === 'error');
        if (problems.length > 0) assert.fail(formatCheckFailure(result.plugin, check, problems));
        if (check === 'permissions' && result.permissions.unused.length > 0) {
          // Not a failure unless failOnUnusedPermissions; said anyway, so it is not missed.
          console.warn(
            `${result.plugin}: declared but never used while the suite ran it: ${result.permissions.unused.join(', ')}. Drop them if the plugin does not need them (least privilege).`,
          );
        }
      });
    }
  });
}
