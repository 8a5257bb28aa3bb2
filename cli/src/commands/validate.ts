import type { ManifestIssue } from '@stack-plugin/pdk';
import { defineCommand } from '../command.js';

/** `stack-plugin validate [dir] [--json] [--fix]`: checks a plugin's manifest and package.json. */
export default defineCommand({
  name: 'validate',
  summary: 'Check stack-plugin.json and package.json of a plugin',
  usage: 'stack-plugin validate [dir] [--json] [--fix]',
  description: [
    'Validates the manifest (stack-plugin.json) against the published schema and the rules',
    'that span it and package.json (entry file, keywords, name, engines, permissions).',
    'Every issue has a severity, a stable code, a JSON Pointer path into its file, a message',
    'and a hint. Exits 1 when there is any error, 0 when there are only warnings or none.',
    '',
    'With --json, prints { "ok", "issues": [{ "severity", "code", "path", "message", "hint",',
    '"file", "fixable"? }], "fixed"? } on stdout.',
  ].join('\n'),
  examples: [
    'stack-plugin validate',
    'stack-plugin validate packages/my-plugin --json',
    'stack-plugin validate --fix',
  ],
  options: {
    json: { type: 'boolean', description: 'Print the report as JSON on stdout' },
    fix: { type: 'boolean', description: 'Fix what can be fixed, report it, then re-validate' },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    // The pdk's validation entry rather than its index: it leaves out what validation does
    // not use (signing, integrity, define helpers), a measurable part of a cold start.
    const [{ resolve }, { validatePluginDir }, { formatValidationReport }] = await Promise.all([
      import('node:path'),
      import('@stack-plugin/pdk/validate'),
      import('./_format-validation-report.js'),
    ]);
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const report = await validatePluginDir(dir, { fix: values.fix === true });
    if (io.json) {
      // Fields in the order ARCHITECTURE.md documents them, extras after.
      const shape = ({ severity, code, path, message, hint, file, fixable }: ManifestIssue) => ({
        severity,
        code,
        path,
        message,
        hint,
        file,
        ...(fixable ? { fixable } : {}),
      });
      const body = {
        ok: report.ok,
        issues: report.issues.map(shape),
        ...(values.fix === true ? { fixed: report.fixed.map(shape) } : {}),
      };
      io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      io.stdout(formatValidationReport(report, { dir, cwd: io.cwd, color: io.color }));
    }
    return report.ok ? 0 : 1;
  },
});
