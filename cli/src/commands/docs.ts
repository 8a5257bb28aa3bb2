import { defineCommand } from '../command.js';

const FORMATS = ['md', 'html', 'both'] as const;

/**
 * `stack-plugin docs [dir] [--out DIR] [--format md|html|both] [--check]`: builds a plugin's
 * reference and guides, and in CI checks its API report and version bump.
 */
export default defineCommand({
  name: 'docs',
  summary: 'Build the reference and guides of a plugin (HTML site + Markdown), check its API',
  usage:
    'stack-plugin docs [dir] [--out DIR] [--format md|html|both] [--check] [--update-report] [--base REF | --base-dir DIR]',
  description: [
    'Builds, in one typedoc conversion, a searchable static HTML site and Markdown pages from',
    "the package's TypeScript API, its TSDoc, its docs/*.md guides and its stack-plugin.json",
    '(overview, permissions with their risk, configuration, contributions with their schemas).',
    'Every @example is type-checked and every internal link verified: a broken one fails the build.',
    '',
    'The API report (etc/<pkg>.api.md, made by api-extractor) is written with --update-report.',
    '--check fails when the committed report no longer matches the sources, or when the API and',
    'manifest changes since the baseline need a larger bump than the pending changesets declare',
    '(a new permission is at least minor and is listed as security-relevant). The baseline is',
    'read from git (--base, default origin/main or main) or from a folder (--base-dir).',
  ].join('\n'),
  examples: [
    'stack-plugin docs',
    'stack-plugin docs --format md --out docs/reference',
    'stack-plugin docs --update-report',
    'stack-plugin docs --check --base origin/main',
  ],
  options: {
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Output folder (default docs-site, outside dist/ so packs stay runtime-only)',
    },
    format: {
      type: 'string',
      valueName: 'md|html|both',
      description: 'Outputs to write (default both)',
    },
    check: {
      type: 'boolean',
      description: 'Fail on an outdated API report or an undeclared API change',
    },
    'update-report': { type: 'boolean', description: 'Write etc/<pkg>.api.md from the sources' },
    base: {
      type: 'string',
      valueName: 'REF',
      description: 'Git ref of the previous version for --check',
    },
    'base-dir': {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder holding the previous version for --check',
    },
    entry: {
      type: 'string',
      valueName: 'FILE',
      description: 'TypeScript entry point, if not inferred',
    },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { dirname, isAbsolute, join, relative, resolve } = await import('node:path');
    const { createError } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const format = values.format ?? 'both';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw createError(cliErrors.BAD_USAGE, {
        detail: `--format must be one of ${FORMATS.join(', ')}, not "${format}"`,
        command: 'docs',
      });
    }
    if (values.base && values['base-dir']) {
      throw createError(cliErrors.BAD_USAGE, {
        detail: 'Give either --base or --base-dir, not both',
        command: 'docs',
      });
    }
    const { loadTool } = await import('../_load-tool.js');
    const { generateDocs, checkPackageApi } = await loadTool(
      '@stack-plugin/docs-gen',
      'docs',
      () => import('@stack-plugin/docs-gen'),
    );
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    // The host capabilities the plugin names, so its permissions page describes them.
    const { readHostCapabilities } = await import('../typegen/host-capability-modules.js');
    const { readFile: readText } = await import('node:fs/promises');
    // An unreadable package.json is left for generateDocs to report.
    const packageJson: unknown = await readText(join(dir, 'package.json'), 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined);
    const hostCapabilities = await readHostCapabilities(dir, packageJson);
    const result = await generateDocs({
      dir,
      hostCapabilities,
      format: format as (typeof FORMATS)[number],
      ...(values.out ? { out: resolve(io.cwd, values.out) } : {}),
      ...(values.entry ? { entry: values.entry } : {}),
    });
    const reportPath = join(dir, 'etc', result.apiReport.fileName);
    let updated = false;
    if (values['update-report']) {
      const { readFile } = await import('node:fs/promises');
      const current = await readFile(reportPath, 'utf8').catch(() => undefined);
      if (current !== result.apiReport.text) {
        await mkdir(dirname(reportPath), { recursive: true });
        await writeFile(reportPath, result.apiReport.text);
        updated = true;
      }
    }
    const check = values.check
      ? await checkPackageApi({
          dir,
          packageName: result.name,
          report: { fileName: result.apiReport.fileName, text: result.apiReport.text },
          ...(result.manifest ? { manifest: result.manifest } : {}),
          ...(values.base ? { baseRef: values.base } : {}),
          ...(values['base-dir'] ? { baseDir: resolve(io.cwd, values['base-dir']) } : {}),
        })
      : undefined;
    const rel = (p: string) => relative(io.cwd, p) || '.';
    if (io.json) {
      io.stdout(
        `${JSON.stringify(
          {
            ok: check ? check.ok : true,
            name: result.name,
            version: result.version,
            ...(result.html ? { html: rel(result.html) } : {}),
            ...(result.markdown ? { markdown: rel(result.markdown) } : {}),
            searchEntries: result.searchEntries,
            examplesChecked: result.examplesChecked,
            apiReport: { file: rel(reportPath), updated },
            ...(check ? { check } : {}),
            warnings: result.warnings,
          },
          null,
          2,
        )}\n`,
      );
      return check && !check.ok ? 1 : 0;
    }
    const lines = [`Docs for ${result.name} ${result.version}`];
    if (result.html) lines.push(`  HTML      ${rel(join(result.html, 'index.html'))}`);
    if (result.markdown) lines.push(`  Markdown  ${rel(join(result.markdown, 'README.md'))}`);
    lines.push(
      result.html
        ? `  ${result.searchEntries} search entries, ${result.examplesChecked} examples compiled`
        : `  ${result.examplesChecked} examples compiled`,
    );
    if (updated) lines.push(`  API report written to ${rel(reportPath)}`);
    for (const w of result.warnings) lines.push(`  warning: ${w}`);
    if (check) {
      // A --base-dir baseline is a path: show it as the user would type it.
      const base =
        check.baseline && isAbsolute(check.baseline) ? rel(check.baseline) : check.baseline;
      lines.push('', `API check against ${base ?? 'no baseline (no origin/main or main)'}:`);
      const ordered = [...check.securityChanges, ...check.changes.filter((c) => !c.security)];
      for (const c of ordered) {
        lines.push(`  ${c.security ? '[security] ' : ''}${c.bump.padEnd(5)} ${c.description}`);
      }
      if (ordered.length === 0) lines.push('  no API or manifest changes');
      lines.push(`  needs: ${check.required}, changesets declare: ${check.declared}`);
      lines.push(check.ok ? '  OK' : '');
    }
    io.stdout(`${lines.join('\n')}\n`);
    if (check && !check.ok) {
      for (const p of check.problems)
        io.stderr(`${p.error.code}: ${p.error.message}\n  ${p.error.hint}\n`);
      return 1;
    }
    return 0;
  },
});
