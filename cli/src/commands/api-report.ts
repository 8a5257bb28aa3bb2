import { defineCommand } from '../command.js';

/**
 * `stack-plugin api-report [dir...] [--update]`: checks (or rewrites) the committed API report
 * `etc/<pkg>.api.md` of each package, without building docs. CI runs it without `--update`.
 */
export default defineCommand({
  name: 'api-report',
  summary: 'Check or update the API report etc/<pkg>.api.md of packages',
  usage: 'stack-plugin api-report [dir...] [--update] [--json]',
  description: [
    "Emits each package's declarations from its sources in memory, runs api-extractor, and",
    'compares the report with the committed etc/<pkg>.api.md. Exits 1 when any differs (or is',
    'missing), listing the API changes; with --update, writes the reports that changed instead.',
  ].join('\n'),
  examples: ['stack-plugin api-report', 'stack-plugin api-report pdk host --update'],
  options: {
    update: { type: 'boolean', description: 'Write the reports that changed' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { dirname, relative, resolve } = await import('node:path');
    const { createError, toErrorJson } = await import('@stack-plugin/pdk');
    const { loadTool } = await import('../_load-tool.js');
    const { createPackageApiReport, diffApiReports, docsGenErrors } = await loadTool(
      '@stack-plugin/docs-gen',
      'api-report',
      () => import('@stack-plugin/docs-gen'),
    );
    const dirs = (positionals.length > 0 ? positionals : ['.']).map((d) => resolve(io.cwd, d));
    const results: Array<{
      package: string;
      file: string;
      status: 'up to date' | 'updated' | 'outdated' | 'failed';
      changes: string[];
    }> = [];
    const problems = [];
    for (const dir of dirs) {
      let report: Awaited<ReturnType<typeof createPackageApiReport>>;
      try {
        report = await createPackageApiReport(dir);
      } catch (error) {
        // One package api-extractor cannot analyse must not hide the state of the others.
        const json = toErrorJson(error);
        results.push({
          package: relative(io.cwd, dir) || '.',
          file: '',
          status: 'failed',
          changes: [json.error.message],
        });
        problems.push(json);
        continue;
      }
      const file = relative(io.cwd, report.path);
      if (report.committed === report.text) {
        results.push({ package: report.packageName, file, status: 'up to date', changes: [] });
        continue;
      }
      const changes =
        report.committed === undefined
          ? ['no report is committed']
          : diffApiReports(report.committed, report.text).map((c) => `${c.bump}: ${c.description}`);
      if (values.update) {
        await mkdir(dirname(report.path), { recursive: true });
        await writeFile(report.path, report.text);
        results.push({ package: report.packageName, file, status: 'updated', changes });
      } else {
        results.push({ package: report.packageName, file, status: 'outdated', changes });
        problems.push(
          toErrorJson(
            createError(docsGenErrors.API_REPORT_OUTDATED, {
              plugin: report.packageName,
              file,
              changes,
              command: 'npm run api:update',
            }),
          ),
        );
      }
    }
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ ok: problems.length === 0, reports: results, problems }, null, 2)}\n`,
      );
    } else {
      for (const r of results) {
        io.stdout(`${r.status.padEnd(10)} ${r.file || r.package}\n`);
        for (const c of r.changes) io.stdout(`           ${c}\n`);
      }
      for (const p of problems)
        io.stderr(`${p.error.code}: ${p.error.message}\n  ${p.error.hint}\n`);
    }
    return problems.length === 0 ? 0 : 1;
  },
});
