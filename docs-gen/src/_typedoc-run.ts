import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  Application,
  Comment,
  CommentTag,
  type Context,
  Converter,
  type DocumentReflection,
  JSX,
  Logger,
  LogLevel,
  type ProjectReflection,
  ReflectionKind,
  type RendererEvent,
  TSConfigReader,
  type TypeDocOptions,
} from 'typedoc';
import { load as loadMarkdownPlugin } from 'typedoc-plugin-markdown';
import type ts from 'typescript';
import { addContentSecurityPolicy } from './_content-security-policy.js';
import { addWorkflowDiagrams } from './_workflow-fence.js';
import type { DocPage } from './manifest-pages.js';
import type { Guide } from './plugin-source.js';

/** Collects typedoc's messages instead of printing them, so callers decide what to show. */
class CollectingLogger extends Logger {
  readonly messages: Array<{ level: 'error' | 'warning'; text: string }> = [];
  override log(raw: string, level: LogLevel): void {
    // typedoc formats TypeScript diagnostics with colors; callers print where colors may not go.
    const message = stripVTControlCharacters(raw);
    if (level === LogLevel.Error) this.messages.push({ level: 'error', text: message });
    else if (level === LogLevel.Warn) this.messages.push({ level: 'warning', text: message });
  }
}

/**
 * A tsconfig for packages without one; without it typedoc would read the tsconfig.json of the
 * working folder, which belongs to some other project.
 */
async function defaultTsconfig(folder: string, entries: readonly string[]): Promise<string> {
  const file = join(folder, 'tsconfig.json');
  const compilerOptions = {
    target: 'es2023',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  await writeFile(file, JSON.stringify({ compilerOptions, files: entries }));
  return file;
}

/** Input of {@link runTypedoc}. */
export interface TypedocRunInput {
  readonly name: string;
  /** Entry points; with several, each becomes a module. */
  readonly entries: readonly string[];
  /** Module names by entry path (several entries only): package names instead of file paths. */
  readonly moduleNames?: ReadonlyMap<string, string>;
  readonly tsconfig?: string;
  readonly readme?: string;
  /** Leave the entry's `default` export out (a plugin's definition). */
  readonly hideDefaultExport?: boolean;
  readonly pages: readonly DocPage[];
  readonly guides: readonly Guide[];
  /** Folder of the HTML site, if wanted. */
  readonly html?: string;
  /** Folder of the Markdown output, if wanted. */
  readonly markdown?: string;
  /** Called once the HTML output is written, while its router is live. */
  readonly onHtmlRendered?: (event: RendererEvent, app: Application) => Promise<void> | void;
}

/** What one typedoc conversion yields. */
export interface TypedocRun {
  readonly app: Application;
  readonly project: ProjectReflection;
  readonly program: ts.Program;
  readonly messages: CollectingLogger['messages'];
  /** Renders the requested outputs; separate so callers can check examples first. */
  render(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * One typedoc conversion for both outputs. Manifest pages and guides are attached to the project
 * as documents through `@document` tags: with a single entry point, typedoc's `projectDocuments`
 * option would wrap the API in a module named after the file, which reads badly.
 */
export async function runTypedoc(
  input: TypedocRunInput,
): Promise<TypedocRun | { messages: CollectingLogger['messages'] }> {
  const pagesDir = await mkdtemp(join(tmpdir(), 'stack-docs-pages-'));
  const outputs: NonNullable<TypeDocOptions['outputs']> = [];
  // Each output gets its own router: HTML by kind (one page per symbol, stable URLs for search
  // anchors); Markdown by module (fewer, larger files suit READMEs and wikis).
  if (input.html) outputs.push({ name: 'html', path: input.html, options: { router: 'kind' } });
  if (input.markdown) {
    outputs.push({ name: 'markdown', path: input.markdown, options: { router: 'module' } });
  }
  const options: TypeDocOptions = {
    name: input.name,
    entryPoints: [...input.entries],
    tsconfig: input.tsconfig ?? (await defaultTsconfig(pagesDir, input.entries)),
    // Passed as a function: typedoc would resolve a name from the working folder, where a
    // plugin project need not have typedoc-plugin-markdown installed.
    plugin: [loadMarkdownPlugin],
    readme: input.readme ?? 'none',
    disableGit: true,
    disableSources: true,
    excludePrivate: true,
    excludeInternal: true,
    groupOrder: ['Plugin', 'Guides', 'Reference', '*'],
    // Raw HTML off: manifest text, guides and TSDoc of a plugin are untrusted input, and the
    // site is published. Markdown still renders; tags show as text.
    markdownItOptions: { html: false, linkify: false },
    markdownItLoader: addWorkflowDiagrams,
    validation: {
      notExported: true,
      invalidLink: true,
      rewrittenLink: true,
      notDocumented: false,
      unusedMergeModuleWith: true,
    },
    outputs,
    logLevel: 'Warn',
    hideGenerator: true,
  };
  const logger = new CollectingLogger();
  // Only the tsconfig reader: it applies the package's compiler options (without it typedoc
  // type-checks with defaults, lib files included, ~10x slower). The argv reader is left out on
  // purpose: this runs inside `stack-plugin`, whose arguments are not typedoc's.
  const app = await Application.bootstrapWithPlugins(options, [new TSConfigReader()]);
  app.logger = logger;

  const pageFiles: string[] = [];
  for (const page of input.pages) {
    const file = join(pagesDir, `${page.title}.md`);
    await writeFile(file, `---\ngroup: ${page.group}\n---\n\n${page.markdown}`);
    pageFiles.push(file);
  }
  const guideTitles = new Map(input.guides.map((g) => [resolve(g.path), g.title]));
  let program: ts.Program | undefined;
  app.converter.on(
    Converter.EVENT_CREATE_PROJECT,
    (context: Context, project: ProjectReflection) => {
      project.comment ??= new Comment();
      project.comment.sourcePath ??= input.entries[0] as never;
      for (const file of [...pageFiles, ...guideTitles.keys()]) {
        project.comment.blockTags.push(new CommentTag('@document', [{ kind: 'text', text: file }]));
      }
      context.converter.processDocumentTags(project, project);
    },
  );
  app.converter.on(
    Converter.EVENT_CREATE_DOCUMENT,
    (_context: unknown, doc: DocumentReflection) => {
      const file = doc.project.files.getReflectionPath(doc);
      const title = file ? guideTitles.get(resolve(file)) : undefined;
      if (title) {
        doc.name = title;
        doc.frontmatter.group ??= 'Guides';
      }
    },
  );
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context: Context) => {
    if (input.hideDefaultExport === true) {
      // A plugin's default export is its definition: as a type it reads
      // PluginDefinition<...Record<never, never>...>, and the manifest pages say it all.
      for (const child of [...(context.project.children ?? [])]) {
        if (child.name === 'default') context.project.removeReflection(child);
      }
    }
    const names = input.moduleNames;
    if (!names) return;
    for (const child of context.project.children ?? []) {
      const file = context.project.getSymbolIdFromReflection(child)?.fileName;
      const name = file && names.get(resolve(file));
      if (child.kindOf(ReflectionKind.Module) && name) child.name = name;
    }
  });
  app.converter.on(Converter.EVENT_END, (context: Context) => {
    program = context.programs[0];
  });
  app.renderer.hooks.on('head.end', (context) =>
    JSX.createElement(
      JSX.Fragment,
      null,
      JSX.createElement('link', {
        rel: 'stylesheet',
        href: context.relativeURL('assets/stack-search.css', true),
      }),
      JSX.createElement('script', {
        defer: true,
        src: context.relativeURL('assets/minisearch.js', true),
      }),
      JSX.createElement('script', {
        defer: true,
        src: context.relativeURL('assets/stack-search-index.js', true),
      }),
      JSX.createElement('script', {
        defer: true,
        src: context.relativeURL('assets/stack-search.js', true),
      }),
    ),
  );
  app.renderer.hooks.on('content.begin', () =>
    JSX.createElement(
      'div',
      { id: 'stack-search', role: 'search' },
      JSX.createElement('input', {
        id: 'stack-search-input',
        type: 'search',
        placeholder: 'Search symbols and guides',
        'aria-label': 'Search symbols and guides',
        autocomplete: 'off',
      }),
      JSX.createElement('ol', { id: 'stack-search-results' }),
    ),
  );
  if (input.html) {
    const htmlOut = resolve(input.html);
    app.renderer.postRenderAsyncJobs.push(async (event: RendererEvent) => {
      if (resolve(event.outputDirectory) === htmlOut) await addContentSecurityPolicy(htmlOut);
    });
  }
  if (input.onHtmlRendered && input.html) {
    const htmlOut = resolve(input.html);
    const onHtml = input.onHtmlRendered;
    // A post-render job (not an END listener) because typedoc awaits jobs, and the HTML
    // router is still the active one while they run.
    app.renderer.postRenderAsyncJobs.push(async (event: RendererEvent) => {
      if (resolve(event.outputDirectory) === htmlOut) await onHtml(event, app);
    });
  }

  const project = await app.convert();
  if (!project || !program) {
    await rm(pagesDir, { recursive: true, force: true });
    return { messages: logger.messages };
  }
  const converted = program;
  return {
    app,
    project,
    program: converted,
    messages: logger.messages,
    render: () => app.generateOutputs(project),
    dispose: () => rm(pagesDir, { recursive: true, force: true }),
  };
}
