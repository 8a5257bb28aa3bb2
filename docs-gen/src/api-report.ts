import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  ExtractorMessageCategory,
} from '@microsoft/api-extractor';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import ts from 'typescript';
import { findNodeModules } from './_paths.js';

/** A message api-extractor reported while analysing the package. */
export interface ApiReportMessage {
  /** api-extractor's message id, e.g. `ae-forgotten-export` or `TS2307`. */
  readonly id: string;
  readonly text: string;
  readonly severity: 'error' | 'warning';
}

/** The API report of one package and the doc model it was derived from. */
export interface ApiReport {
  /** File name the report is committed under, in the package's `etc/` folder. */
  readonly fileName: string;
  /** Text of `etc/<pkg>.api.md`, as api-extractor writes it. */
  readonly text: string;
  /** api-extractor's doc model (`<pkg>.api.json`), a JSON tree of every exported declaration. */
  readonly docModel: unknown;
  readonly messages: readonly ApiReportMessage[];
}

/** Input of {@link createApiReport}. */
export interface CreateApiReportOptions {
  /** npm name of the package; its unscoped part names the report (`@acme/x` -> `x.api.md`). */
  readonly packageName: string;
  /** Folder of the package; bare imports in the declarations resolve from its `node_modules`. */
  readonly packageDir: string;
  /** Declaration files by absolute path; written to a temporary folder for the analysis. */
  readonly declarations?: ReadonlyMap<string, string>;
  /** Absolute path of the entry `.d.ts` (a key of `declarations`, or a file on disk). */
  readonly entry: string;
  /**
   * A program whose parsed source files (lib files, dependencies' declarations) may be reused,
   * which saves most of api-extractor's start-up: it would otherwise parse them all again.
   */
  readonly reuse?: ts.Program;
}

/** The report file name of a package: its unscoped name plus `.api.md`. */
export function apiReportFileName(packageName: string): string {
  return `${packageName.replace(/^@[^/]+\//, '')}.api.md`;
}

/**
 * Runs api-extractor over a package's declarations and returns its API report and doc model.
 * Nothing is written into the package: the caller decides whether to compare or update.
 */
export async function createApiReport(options: CreateApiReportOptions): Promise<ApiReport> {
  const fileName = apiReportFileName(options.packageName);
  const base = fileName.slice(0, -'.api.md'.length);
  const work = await mkdtemp(join(tmpdir(), 'stack-api-report-'));
  try {
    let entry = options.entry;
    const rootNames: string[] = [];
    // api-extractor looks up the package.json that owns the entry; `type: module` keeps the
    // declarations ESM, as they are in the package.
    await writeFile(
      join(work, 'package.json'),
      JSON.stringify({ name: options.packageName, version: '0.0.0', type: 'module' }),
    );
    if (options.declarations) {
      // The declarations are re-rooted under a temporary folder that shares the package's
      // node_modules, so `@stack-plugin/pdk` and friends resolve exactly as they do in the package.
      const nodeModules = findNodeModules(options.packageDir);
      if (nodeModules) await symlink(nodeModules, join(work, 'node_modules'), 'dir');
      const root = join(work, 'dts');
      for (const [file, text] of options.declarations) {
        // Keep the declarations' relative layout; `..` segments (an outDir outside the
        // package) are renamed so nothing is written outside the temporary folder.
        const rel = relative(options.packageDir, file)
          .split(/[\\/]/)
          .map((p) => (p === '..' ? '__up__' : p));
        const target = join(root, ...rel);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
        rootNames.push(target);
        if (file === options.entry) entry = target;
      }
    } else {
      rootNames.push(entry);
    }
    const compilerOptions = {
      target: 'es2023',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      skipLibCheck: true,
      types: [],
    };
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: work,
        mainEntryPointFilePath: entry,
        compiler: { overrideTsconfig: { compilerOptions, files: [entry] } },
        apiReport: {
          enabled: true,
          reportFileName: base,
          reportFolder: join(work, 'etc'),
          reportTempFolder: join(work, 'etc-temp'),
        },
        docModel: { enabled: true, apiJsonFilePath: join(work, `${base}.api.json`) },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning },
            // Plugins are not expected to use release tags; every export is public.
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(work, 'package.json'),
    });
    const program = createDeclarationProgram(rootNames, options.reuse);
    const compilerState = Object.assign(Object.create(CompilerState.prototype) as CompilerState, {
      program,
    });
    const messages: ApiReportMessage[] = [];
    Extractor.invoke(config, {
      localBuild: false,
      compilerState,
      messageCallback(message) {
        message.handled = true;
        // Console messages are about api-extractor's own file handling, which we replace.
        if (message.category === ExtractorMessageCategory.Console) return;
        if (
          message.logLevel === ExtractorLogLevel.Error ||
          message.logLevel === ExtractorLogLevel.Warning
        ) {
          messages.push({
            id: message.messageId,
            text: message.text,
            severity: message.logLevel === ExtractorLogLevel.Error ? 'error' : 'warning',
          });
        }
      },
    });
    let text: string;
    try {
      text = await readFile(join(work, 'etc-temp', fileName), 'utf8');
    } catch (cause) {
      throw createError(
        pdkErrors.INTERNAL,
        { detail: `api-extractor produced no report for ${options.packageName}` },
        { cause },
      );
    }
    const docModel = JSON.parse(await readFile(join(work, `${base}.api.json`), 'utf8')) as unknown;
    return { fileName, text: text.replace(/\r\n/g, '\n'), docModel, messages };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * A program over declaration files only. Source files already parsed by `reuse` (lib files,
 * dependencies) are handed back instead of re-parsed; that is safe because SourceFile objects
 * are immutable once parsed.
 */
function createDeclarationProgram(rootNames: string[], reuse: ts.Program | undefined): ts.Program {
  const inherited = reuse?.getCompilerOptions() ?? {};
  const options: ts.CompilerOptions = {
    target: inherited.target ?? ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    // The declarations may name globals of the package's environment (Buffer, AbortSignal),
    // so the same lib files and @types are loaded as when it was compiled.
    ...(inherited.lib ? { lib: inherited.lib } : {}),
    ...(inherited.types ? { types: inherited.types } : {}),
    ...(inherited.typeRoots ? { typeRoots: inherited.typeRoots } : {}),
  };
  const host = ts.createCompilerHost(options, true);
  if (reuse) {
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
      reuse.getSourceFile(fileName) ??
      getSourceFile(fileName, languageVersion, onError, shouldCreate);
  }
  return ts.createProgram({ rootNames, options, host });
}
