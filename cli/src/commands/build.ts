import { defineCommand } from '../command.js';

/** `stack-plugin build [dir]`: typegen, validate, then bundle the plugin into one ESM file. */
export default defineCommand({
  name: 'build',
  summary: 'Bundle a plugin into the one self-contained file hosts load',
  usage: 'stack-plugin build [dir] [--watch] [--minify] [--sourcemap] [--json]',
  description: [
    'Validates stack-plugin.json and package.json (errors stop the build), regenerates',
    'stack-plugin-env.d.ts, then bundles the source entry (package.json "exports" "." "source",',
    'else src/index.ts) with everything it imports, @stack-plugin/pdk included, into one ES',
    'module for ES2023 at the entry the manifest or package.json declares (e.g. dist/index.js).',
    '',
    'The bundle must run under every isolation level, so the build fails with',
    'BUILD_FORBIDDEN_IMPORT (naming file:line:column) when plugin code imports a Node built-in,',
    'uses require, process or dynamic import(), and with BUILD_SANDBOX_INCOMPATIBLE when the',
    'bundle holds text the sandbox refuses. Syntax and resolution errors are BUILD_FAILED.',
    'Nothing is written unless the build succeeds.',
    '',
    'With --json, prints { "ok", "plugin", "entry", "outfile", "files": [{ "path", "bytes" }],',
    '"bytes", "modules": { "own", "dependencies" }, "typegen": { "file", "written" },',
    '"warnings": [{ "code", "message", "location"? }], "durationMs" }. With --watch, rebuilds on',
    'every change until interrupted; with --json too, prints one such object per line, or',
    '{ "ok": false, "error": { "code", "message", "hint", "plugin"? } } for a failed build.',
  ].join('\n'),
  examples: [
    'stack-plugin build',
    'stack-plugin build packages/my-plugin --minify --sourcemap',
    'stack-plugin build --watch',
  ],
  options: {
    watch: { type: 'boolean', short: 'w', description: 'Rebuild on every change until Ctrl+C' },
    minify: { type: 'boolean', description: 'Minify the bundle' },
    sourcemap: { type: 'boolean', description: 'Write <entry>.map next to the bundle and link it' },
    json: { type: 'boolean', description: 'Print the build report as JSON on stdout' },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { buildPlugin } = await import('../build/build-plugin.js');
    const { buildErrorJson, buildReportJson, formatBuildError, formatBuildReport } = await import(
      '../build/_format-build-report.js'
    );
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const options = { minify: values.minify === true, sourcemap: values.sourcemap === true };
    if (values.watch !== true) {
      const result = await buildPlugin(dir, options);
      io.stdout(
        io.json
          ? `${JSON.stringify(buildReportJson(result), null, 2)}\n`
          : formatBuildReport(result, { cwd: io.cwd, color: io.color }),
      );
      return 0;
    }
    const { watchPlugin } = await import('../build/watch-plugin.js');
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await watchPlugin(dir, {
        ...options,
        signal: controller.signal,
        onBuild: (outcome) => {
          if (io.json) {
            const line = outcome.ok
              ? buildReportJson(outcome.result)
              : buildErrorJson(outcome.error);
            io.stdout(`${JSON.stringify(line)}\n`);
          } else if (outcome.ok) {
            io.stdout(formatBuildReport(outcome.result, { cwd: io.cwd, color: io.color }));
          } else {
            io.stderr(formatBuildError(outcome.error, io.color));
          }
          if (!io.json) io.stdout('Watching for changes (Ctrl+C to stop)\n');
        },
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
});
