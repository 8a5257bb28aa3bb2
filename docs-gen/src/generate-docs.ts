import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CapabilityDescriptor, createError, registerHostCapability } from '@stack-plugin/pdk';
import type ts from 'typescript';
import { DECLARATION_ONLY_OPTIONS, deriveProgram } from './_derived-program.js';
import { collectExamples, writeSearchAssets } from './_site-parts.js';
import { runTypedoc } from './_typedoc-run.js';
import { type ApiReport, createApiReport } from './api-report.js';
import { docsGenErrors } from './docs-gen-errors.js';
import { exampleModules, exampleProblems, exportedNames } from './example-check.js';
import { findBrokenLinks } from './link-check.js';
import { manifestPages } from './manifest-pages.js';
import { readPackageSource } from './plugin-source.js';

/** Which outputs to write. */
export type DocsFormat = 'md' | 'html' | 'both';

/** Options of {@link generateDocs}. */
export interface GenerateDocsOptions {
  /** Package folder (a plugin with `stack-plugin.json`, or any TypeScript package). */
  readonly dir: string;
  /** Output folder; the site goes to `<out>/html`, Markdown to `<out>/md`. Default `<dir>/docs-site`: outside `dist/`, so a pack carries only runtime files. */
  readonly out?: string;
  /** Default `both`. */
  readonly format?: DocsFormat;
  /** TypeScript entry, relative to `dir`, when it cannot be inferred from package.json. */
  readonly entry?: string;
  /**
   * The host capabilities the plugin is written against (what package.json
   * `stackPlugin.hostCapabilities` names; `stack-plugin docs` reads them), so the permissions
   * page describes their permission kinds as the host does instead of calling them unknown.
   * Registered in this process with `registerHostCapability`.
   */
  readonly hostCapabilities?: readonly CapabilityDescriptor[];
}

/** What {@link generateDocs} produced. */
export interface DocsResult {
  readonly name: string;
  readonly version: string;
  /** Folder of the HTML site (open `index.html`), when generated. */
  readonly html?: string;
  /** Folder of the Markdown output, when generated. */
  readonly markdown?: string;
  /** api-extractor's doc model, written as `<out>/<pkg>.api.json`. */
  readonly docModel: string;
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
    throw createError(docsGenErrors.DOCS_BUILD_FAILED, {
      plugin,
      detail: 'no declaration was emitted for the entry point',
    });
  }
  return { files, entry: entryDts };
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
  for (const descriptor of options.hostCapabilities ?? []) {
    registerHostCapability(describedPermissions(descriptor));
  }
  const source = await readPackageSource(
    options.dir,
    options.entry ? { entry: options.entry } : {},
  );
  const format = options.format ?? 'both';
  const out = resolve(options.out ?? join(source.dir, 'docs-site'));
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
    entries: [source.entry],
    ...(source.tsconfig ? { tsconfig: source.tsconfig } : {}),
    ...(source.readme ? { readme: source.readme } : {}),
    pages,
    hideDefaultExport: source.manifest !== undefined,
    guides: source.guides,
    ...(html ? { html } : {}),
    ...(markdown ? { markdown } : {}),
    async onHtmlRendered(_event, app) {
      if (app.renderer.router && html)
        searchEntries = await writeSearchAssets(html, app.renderer.router);
    },
  });
  const errors = run.messages.filter((m) => m.level === 'error').map((m) => m.text);
  if (!('project' in run) || errors.length > 0) {
    if ('dispose' in run) await run.dispose();
    throw createError(docsGenErrors.DOCS_BUILD_FAILED, {
      plugin: source.name,
      detail: errors.join('\n') || 'typedoc produced no project',
    });
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
    const derived = deriveProgram(run.program, modules.files, DECLARATION_ONLY_OPTIONS);
    const problems = exampleProblems(derived, modules);
    if (problems.length > 0) {
      throw createError(docsGenErrors.DOCS_EXAMPLE_INVALID, { plugin: source.name, problems });
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
    // api-extractor's doc model beside the outputs, for tools that consume it (API Documenter).
    const docModel = join(out, apiReport.fileName.replace(/\.api\.md$/, '.api.json'));
    await mkdir(out, { recursive: true });
    await writeFile(docModel, `${JSON.stringify(apiReport.docModel, null, 2)}\n`);
    const broken = [
      ...(html ? await findBrokenLinks(html) : []),
      ...(markdown ? await findBrokenLinks(markdown) : []),
    ];
    if (broken.length > 0) {
      throw createError(docsGenErrors.DOCS_LINK_BROKEN, { plugin: source.name, links: broken });
    }
    return {
      name: source.name,
      version: source.version,
      ...(html ? { html } : {}),
      ...(markdown ? { markdown } : {}),
      docModel,
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

/**
 * A descriptor read from a module may carry its permissions as plain data (a JSON export has no
 * `describe` function): such a permission is described by its capability's own risk and summary.
 */
function describedPermissions(descriptor: CapabilityDescriptor): CapabilityDescriptor {
  if (descriptor.permissions.every((p) => typeof p.describe === 'function')) return descriptor;
  const fallback = () => ({ risk: descriptor.risk, summary: descriptor.summary });
  return {
    ...descriptor,
    permissions: descriptor.permissions.map((p) =>
      typeof p.describe === 'function' ? p : { ...p, describe: fallback },
    ),
  };
}
