import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createError } from '@stack-plugin/pdk';
import { Comment, type ProjectReflection, Reflection, ReflectionKind } from 'typedoc';
import type ts from 'typescript';
import { deriveProgram } from './_derived-program.js';
import { collectSearchEntries } from './_search-entries.js';
import { runTypedoc } from './_typedoc-run.js';
import { type ApiReport, createApiReport } from './api-report.js';
import {
  type DocExample,
  type ExampleProblem,
  exampleBlocks,
  exampleModules,
  exampleProblems,
  exportedNames,
} from './example-check.js';
import { type BrokenLink, findBrokenLinks } from './link-check.js';
import { manifestPages } from './manifest-pages.js';
import { readPackageSource } from './plugin-source.js';
import { buildSearchIndex } from './search-index.js';

/** Which outputs to write. */
export type DocsFormat = 'md' | 'html' | 'both';

/** Options of {@link generateDocs}. */
export interface GenerateDocsOptions {
  /** Package folder (a plugin with `stack-plugin.json`, or any TypeScript package). */
  readonly dir: string;
  /** Output folder; the site goes to `<out>/html`, Markdown to `<out>/md`. Default `<dir>/dist/docs`. */
  readonly out?: string;
  /** Default `both`. */
  readonly format?: DocsFormat;
  /** TypeScript entry, relative to `dir`, when it cannot be inferred from package.json. */
  readonly entry?: string;
}

/** What {@link generateDocs} produced. */
export interface DocsResult {
  readonly name: string;
  readonly version: string;
  /** Folder of the HTML site (open `index.html`), when generated. */
  readonly html?: string;
  /** Folder of the Markdown output, when generated. */
  readonly markdown?: string;
  /** The package's API report, as it should be committed in `etc/`. */
  readonly apiReport: ApiReport;
  /** The manifest the manifest pages were built from, for `--check`. */
  readonly manifest?: { readonly [field: string]: unknown };
  /** Number of `@example` blocks type-checked. */
  readonly examplesChecked: number;
  /** Entries in the search index. */
  readonly searchEntries: number;
  /** typedoc warnings (unresolved `{@link}`, unexported referenced types ...). */
  readonly warnings: readonly string[];
}

const ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

function minisearchUmd(): string {
  const cjs = createRequire(import.meta.url).resolve('minisearch');
  return join(dirname(cjs), '..', 'umd', 'index.js');
}

/** Every `@example` code block in the project, with the symbol it documents. */
function collectExamples(project: ProjectReflection): DocExample[] {
  const examples: DocExample[] = [];
  for (const refl of Object.values(project.reflections)) {
    if (!(refl instanceof Reflection) || !refl.comment) continue;
    for (const tag of refl.comment.getTags('@example')) {
      const owner = refl.kindOf(ReflectionKind.SomeSignature) && refl.parent ? refl.parent : refl;
      for (const code of exampleBlocks(Comment.combineDisplayParts(tag.content))) {
        examples.push({ symbol: owner.getFriendlyFullName(), code });
      }
    }
  }
  return examples;
}

/** Declarations emitted from the docs' own program: api-extractor reads them, tsc never runs. */
function emitDeclarations(
  program: ts.Program,
  entry: string,
  skip: ReadonlyMap<string, string>,
  plugin: string,
): { files: Map<string, string>; entry: string } {
  const files = new Map<string, string>();
  let entryDts: string | undefined;
  program.emit(
    undefined,
    (fileName, text, _bom, _onError, sources) => {
      if (!/\.d\.[mc]?ts$/.test(fileName) || sources?.some((s) => skip.has(s.fileName))) return;
      files.set(fileName, text);
      if (sources?.some((s) => resolve(s.fileName) === resolve(entry))) entryDts = fileName;
    },
    undefined,
    true,
  );
  if (!entryDts) {
    throw createError(
      'DOCS_BUILD_FAILED',
      { plugin, detail: 'no declaration was emitted for the entry point' },
      { plugin },
    );
  }
  return { files, entry: entryDts };
}

function problemsDetail(problems: readonly ExampleProblem[]): string {
  // The catalog message ends the sentence; TypeScript's own full stop would double it.
  return problems
    .map((p) => `${p.symbol} (line ${p.line}): ${p.message.replace(/\.$/, '')}`)
    .join('; ');
}

function linksDetail(links: readonly BrokenLink[]): string {
  return links
    .slice(0, 10)
    .map((l) => `${l.page} -> ${l.href}`)
    .join(', ');
}

/**
 * Builds a package's documentation in one typedoc conversion: the HTML site (with a prebuilt
 * search index) and the Markdown tree, the manifest pages and guides in both, the API report
 * from the same program, and a type-check of every `@example`.
 *
 * Fails with `DOCS_BUILD_FAILED` (sources do not compile), `DOCS_EXAMPLE_INVALID` or
 * `DOCS_LINK_BROKEN`; an invalid manifest fails with the pdk's `MANIFEST_INVALID`.
 */
export async function generateDocs(options: GenerateDocsOptions): Promise<DocsResult> {
  const source = await readPackageSource(
    options.dir,
    options.entry ? { entry: options.entry } : {},
  );
  const format = options.format ?? 'both';
  const out = resolve(options.out ?? join(source.dir, 'dist', 'docs'));
  const html = format === 'md' ? undefined : join(out, 'html');
  const markdown = format === 'html' ? undefined : join(out, 'md');
  const pages = source.manifest
    ? manifestPages({
        name: source.name,
        version: source.version,
        ...(source.description ? { description: source.description } : {}),
        manifest: source.manifest,
      })
    : [];
  let searchEntries = 0;
  const run = await runTypedoc({
    name: source.name,
    entry: source.entry,
    ...(source.tsconfig ? { tsconfig: source.tsconfig } : {}),
    ...(source.readme ? { readme: source.readme } : {}),
    pages,
    guides: source.guides,
    ...(html ? { html } : {}),
    ...(markdown ? { markdown } : {}),
    async onHtmlRendered(_event, app) {
      const router = app.renderer.router;
      if (!router || !html) return;
      const entries = collectSearchEntries(router);
      searchEntries = entries.length;
      const assets = join(html, 'assets');
      await mkdir(assets, { recursive: true });
      await writeFile(
        join(assets, 'stack-search-index.js'),
        `window.STACK_SEARCH_INDEX = ${buildSearchIndex(entries)};\n`,
      );
      await copyFile(join(ASSETS, 'stack-search.js'), join(assets, 'stack-search.js'));
      await copyFile(join(ASSETS, 'stack-search.css'), join(assets, 'stack-search.css'));
      await copyFile(minisearchUmd(), join(assets, 'minisearch.js'));
    },
  });
  const errors = run.messages.filter((m) => m.level === 'error').map((m) => m.text);
  if (!('project' in run) || errors.length > 0) {
    if ('dispose' in run) await run.dispose();
    throw createError(
      'DOCS_BUILD_FAILED',
      { plugin: source.name, detail: errors.join('\n') || 'typedoc produced no project' },
      { plugin: source.name },
    );
  }
  try {
    const examples = collectExamples(run.project);
    const modules = exampleModules({
      entry: source.entry,
      packageName: source.name,
      exported: exportedNames(run.program, source.entry),
      examples,
    });
    // One derived program serves both the example check and the declaration emit: typedoc's
    // program was created with noEmit, and this one reuses all its parsed files.
    const derived = deriveProgram(run.program, modules.files, {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: false,
      sourceMap: false,
      composite: false,
      incremental: false,
    });
    const problems = exampleProblems(derived, modules);
    if (problems.length > 0) {
      throw createError(
        'DOCS_EXAMPLE_INVALID',
        { plugin: source.name, count: problems.length, detail: problemsDetail(problems) },
        { plugin: source.name },
      );
    }
    const declarations = emitDeclarations(derived, source.entry, modules.files, source.name);
    const apiReport = await createApiReport({
      packageName: source.name,
      packageDir: source.dir,
      declarations: declarations.files,
      entry: declarations.entry,
      reuse: derived,
    });
    if (html) await rm(html, { recursive: true, force: true });
    if (markdown) await rm(markdown, { recursive: true, force: true });
    await run.render();
    const broken = [
      ...(html ? await findBrokenLinks(html) : []),
      ...(markdown ? await findBrokenLinks(markdown) : []),
    ];
    if (broken.length > 0) {
      throw createError(
        'DOCS_LINK_BROKEN',
        { plugin: source.name, count: broken.length, detail: linksDetail(broken) },
        { plugin: source.name },
      );
    }
    return {
      name: source.name,
      version: source.version,
      ...(html ? { html } : {}),
      ...(markdown ? { markdown } : {}),
      apiReport,
      ...(source.manifest ? { manifest: source.manifest } : {}),
      examplesChecked: examples.length,
      searchEntries,
      warnings: run.messages.filter((m) => m.level === 'warning').map((m) => m.text),
    };
  } finally {
    await run.dispose();
  }
}
