import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import ts from 'typescript';
import { DECLARATION_ONLY_OPTIONS } from './_derived-program.js';
import { type ApiReport, createApiReport } from './api-report.js';
import { docsGenErrors } from './docs-gen-errors.js';
import { readPackageSource } from './plugin-source.js';

/** An API report together with the package it describes and where it is committed. */
export interface PackageApiReport extends ApiReport {
  readonly packageName: string;
  /** Absolute path of `etc/<pkg>.api.md`. */
  readonly path: string;
  /** The text committed there now, or undefined when there is none. */
  readonly committed?: string;
}

/**
 * The API report of any TypeScript package, without building its docs: declarations are
 * emitted in memory from its sources (no `dist/` needed) and handed to api-extractor.
 * Sibling workspace packages resolve through the `source` condition, as in the tests.
 */
export async function createPackageApiReport(dir: string): Promise<PackageApiReport> {
  const root = resolve(dir);
  const source = await readPackageSource(root);
  const configPath = ['tsconfig.build.json', 'tsconfig.json']
    .map((f) => join(root, f))
    .find((f) => existsSync(f));
  let options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    strict: true,
    skipLibCheck: true,
  };
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw createError(docsGenErrors.DOCS_BUILD_FAILED, {
            plugin: source.name,
            detail: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
          });
        },
      },
    );
    if (parsed) options = parsed.options;
  }
  const program = ts.createProgram({
    rootNames: [source.entry],
    options: {
      ...options,
      ...DECLARATION_ONLY_OPTIONS,
      customConditions: ['source'],
      skipLibCheck: true,
    },
  });
  const own = `${root}${sep}`;
  const declarations = new Map<string, string>();
  let entry: string | undefined;
  program.emit(
    undefined,
    (fileName, text, _bom, _onError, sources) => {
      // Sibling packages' sources are in the program too; only this package's files count.
      const from = sources?.[0]?.fileName;
      if (
        !from ||
        !resolve(from).startsWith(own) ||
        resolve(from).includes(`${sep}node_modules${sep}`)
      )
        return;
      if (!/\.d\.[mc]?ts$/.test(fileName)) return;
      const target = join(root, '.api-declarations', resolve(from).slice(own.length)).replace(
        /\.(m?)tsx?$/,
        '.d.$1ts',
      );
      declarations.set(target, text);
      if (resolve(from) === resolve(source.entry)) entry = target;
    },
    undefined,
    true,
  );
  if (!entry) {
    throw createError(docsGenErrors.DOCS_BUILD_FAILED, {
      plugin: source.name,
      detail: 'no declaration was emitted for the entry point',
    });
  }
  const report = await createApiReport({
    packageName: source.name,
    packageDir: root,
    declarations,
    entry,
    reuse: program,
  });
  const path = join(root, 'etc', report.fileName);
  const committed = existsSync(path) ? await readFile(path, 'utf8') : undefined;
  return {
    ...report,
    packageName: source.name,
    path,
    ...(committed === undefined ? {} : { committed }),
  };
}
