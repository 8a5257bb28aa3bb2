import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import { deriveProgram } from './_derived-program.js';
import { findNodeModules } from './_paths.js';
import { collectExamples, writeSearchAssets } from './_site-parts.js';
import { runTypedoc } from './_typedoc-run.js';
import { docsGenErrors } from './docs-gen-errors.js';
import {
  type ExampleProblem,
  exampleModules,
  exampleProblems,
  exportedNames,
} from './example-check.js';
import type { DocsFormat } from './generate-docs.js';
import { findBrokenLinks } from './link-check.js';
import type { DocPage } from './manifest-pages.js';
import { readGuides, readPackageSource } from './plugin-source.js';

/** Options of {@link generateWorkspaceDocs}. */
export interface WorkspaceDocsOptions {
  /** Site title, e.g. `Stack PDK`. */
  readonly name: string;
  /** Package folders; each becomes one module of the reference, named after the package. */
  readonly packages: readonly string[];
  /** Folder of Markdown guides shown before the reference. */
  readonly guides?: string;
  /** The landing page (Markdown), the site's index. */
  readonly readme?: string;
  /** Generated pages (a CLI or error-code reference), each in its `group`. */
  readonly pages?: readonly DocPage[];
  /** Output folder (`<out>/html`, `<out>/md`). */
  readonly out: string;
  readonly format?: DocsFormat;
}

/** What {@link generateWorkspaceDocs} produced. */
export interface WorkspaceDocsResult {
  readonly html?: string;
  readonly markdown?: string;
  readonly searchEntries: number;
  readonly examplesChecked: number;
  readonly warnings: readonly string[];
}

/**
 * One site for several packages of a monorepo (the project's own reference): a module per
 * package, the guides, one search index. Examples are compiled against their own package and
 * links checked as for a plugin; API reports stay per package (`stack-plugin api-report`).
 */
export async function generateWorkspaceDocs(
  options: WorkspaceDocsOptions,
): Promise<WorkspaceDocsResult> {
  const sources = await Promise.all(options.packages.map((dir) => readPackageSource(dir)));
  const format = options.format ?? 'both';
  const out = resolve(options.out);
  const html = format === 'md' ? undefined : join(out, 'html');
  const markdown = format === 'html' ? undefined : join(out, 'md');
  // One program for all packages: a tsconfig extending the first package's, listing the entries.
  const work = await mkdtemp(join(tmpdir(), 'stack-workspace-docs-'));
  const tsconfig = join(work, 'tsconfig.json');
  const nodeModules = sources[0] && findNodeModules(sources[0].dir);
  const base = sources.map((s) => s.tsconfig).find((t): t is string => !!t && existsSync(t));
  await writeFile(
    tsconfig,
    JSON.stringify({
      ...(base ? { extends: base } : {}),
      compilerOptions: {
        noEmit: true,
        composite: false,
        customConditions: ['source'],
        // The tsconfig lives in a temporary folder; @types must still come from the workspace.
        ...(nodeModules ? { typeRoots: [join(nodeModules, '@types')] } : {}),
      },
      files: sources.map((s) => s.entry),
      include: [],
    }),
  );
  let searchEntries = 0;
  const run = await runTypedoc({
    name: options.name,
    entries: sources.map((s) => s.entry),
    moduleNames: new Map(sources.map((s) => [resolve(s.entry), s.name])),
    tsconfig,
    ...(options.readme === undefined ? {} : { readme: resolve(options.readme) }),
    pages: options.pages ?? [],
    guides: options.guides ? await readGuides(resolve(options.guides)) : [],
    ...(html ? { html } : {}),
    ...(markdown ? { markdown } : {}),
    async onHtmlRendered(_event, app) {
      if (app.renderer.router && html)
        searchEntries = await writeSearchAssets(html, app.renderer.router);
    },
  });
  try {
    const errors = run.messages.filter((m) => m.level === 'error').map((m) => m.text);
    if (!('project' in run) || errors.length > 0) {
      throw createError(docsGenErrors.DOCS_BUILD_FAILED, {
        plugin: options.name,
        detail: errors.join('\n') || 'typedoc produced no project',
      });
    }
    const examples = collectExamples(run.project);
    const problems: ExampleProblem[] = [];
    for (const source of sources) {
      const own = examples.filter((e) => e.module === source.name);
      if (own.length === 0) continue;
      const modules = exampleModules({
        entry: source.entry,
        packageName: source.name,
        exported: exportedNames(run.program, source.entry),
        examples: own,
      });
      problems.push(
        ...exampleProblems(deriveProgram(run.program, modules.files, { noEmit: true }), modules),
      );
    }
    if (problems.length > 0) {
      throw createError(docsGenErrors.DOCS_EXAMPLE_INVALID, { plugin: options.name, problems });
    }
    if (html) await rm(html, { recursive: true, force: true });
    if (markdown) await rm(markdown, { recursive: true, force: true });
    await run.render();
    const broken = [
      ...(html ? await findBrokenLinks(html) : []),
      ...(markdown ? await findBrokenLinks(markdown) : []),
    ];
    if (broken.length > 0) {
      throw createError(docsGenErrors.DOCS_LINK_BROKEN, { plugin: options.name, links: broken });
    }
    return {
      ...(html ? { html } : {}),
      ...(markdown ? { markdown } : {}),
      searchEntries,
      examplesChecked: examples.length,
      warnings: run.messages.filter((m) => m.level === 'warning').map((m) => m.text),
    };
  } finally {
    if ('dispose' in run) await run.dispose();
    await rm(work, { recursive: true, force: true });
  }
}
