import { basename, dirname, join } from 'node:path';
import ts from 'typescript';
import { deriveProgram } from './_derived-program.js';

/** An `@example` code block taken from a TSDoc comment. */
export interface DocExample {
  /** Qualified name of the documented symbol (`toFahrenheit`, `Forecast.city`). */
  readonly symbol: string;
  /** The code inside the fence. */
  readonly code: string;
}

/** An example that does not compile. */
export interface ExampleProblem {
  readonly symbol: string;
  /** 1-based line inside the example. */
  readonly line: number;
  /** TypeScript's message, e.g. `Cannot find name 'toCelsius'.` */
  readonly message: string;
}

const CHECKED_LANGUAGES = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'mts', 'tsx']);

// Examples often declare values only to show a call; "unused" diagnostics are noise there.
const IGNORED_CODES = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205, 7028]);

/**
 * The code blocks of an `@example` tag's text. A tag without a fence is all code, as TSDoc
 * and typedoc treat it; fences in other languages (`json`, `sh`) are not checked, nor are
 * fences marked `nocheck` (```` ```ts nocheck ````), for deliberately partial snippets.
 */
export function exampleBlocks(tagText: string): string[] {
  const fences = [...tagText.matchAll(/```([\w-]*)([^\n]*)\n([\s\S]*?)```/g)];
  if (fences.length === 0) return tagText.trim() ? [tagText] : [];
  return fences
    .filter((m) => CHECKED_LANGUAGES.has((m[1] ?? '').toLowerCase()))
    .filter((m) => !/\bno-?check\b/.test(m[2] ?? ''))
    .map((m) => m[3] ?? '');
}

/** Examples turned into modules beside the entry, ready to compile. */
export interface ExampleModules {
  /** Absolute (virtual) path -> module text. */
  readonly files: ReadonlyMap<string, string>;
  readonly meta: ReadonlyMap<string, { readonly symbol: string; readonly offset: number }>;
}

/**
 * Turns examples into modules next to the entry: imports of the package by name are pointed
 * at the entry, and exported names an example uses without importing are imported for it, so
 * snippets can stay as short as they are in the docs.
 */
export function exampleModules(input: {
  /** Absolute path of the entry source file. */
  entry: string;
  packageName: string;
  /** Names the entry exports (without `default`). */
  exported: readonly string[];
  examples: readonly DocExample[];
}): ExampleModules {
  const { entry, packageName, exported, examples } = input;
  const folder = join(dirname(entry), '__stack_examples__');
  // The examples folder sits beside the entry, so the entry is always one level up.
  const specifier = `../${basename(entry).replace(/\.(m?)tsx?$/, '.$1js')}`;
  const files = new Map<string, string>();
  const meta = new Map<string, { symbol: string; offset: number }>();
  examples.forEach((example, i) => {
    const code = example.code.replace(
      new RegExp(`(from\\s+|import\\s*\\(\\s*)(['"])${escapeRegExp(packageName)}\\2`, 'g'),
      `$1$2${specifier}$2`,
    );
    const used = exported.filter(
      (name) =>
        new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`).test(code) &&
        !new RegExp(
          `(?:import[^;]*\\b|\\b(?:const|let|var|function|class|interface|type|enum)\\s+)${escapeRegExp(name)}\\b`,
        ).test(code),
    );
    const header = used.length > 0 ? `import { ${used.join(', ')} } from '${specifier}';\n` : '';
    const path = join(folder, `example-${i}.ts`);
    // `export {}` makes each example a module, so their top-level names never collide.
    files.set(path, `${header}${code}\nexport {};\n`);
    meta.set(path, { symbol: example.symbol, offset: header ? 1 : 0 });
  });
  return { files, meta };
}

/** The names a module exports, `default` excluded. */
export function exportedNames(program: ts.Program, entry: string): string[] {
  const source = program.getSourceFile(entry);
  const checker = program.getTypeChecker();
  const symbol = source && checker.getSymbolAtLocation(source);
  return symbol
    ? checker
        .getExportsOfModule(symbol)
        .map((s) => s.getName())
        .filter((n) => n !== 'default')
    : [];
}

/** Compile errors of the example modules in a program that contains them. */
export function exampleProblems(program: ts.Program, modules: ExampleModules): ExampleProblem[] {
  const problems: ExampleProblem[] = [];
  for (const [fileName, meta] of modules.meta) {
    const source = program.getSourceFile(fileName);
    if (!source) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const d of diagnostics) {
      if (IGNORED_CODES.has(d.code)) continue;
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      problems.push({
        symbol: meta.symbol,
        line: Math.max(1, line + 1 - meta.offset),
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
  }
  return problems;
}

/**
 * Type-checks examples against the package's public entry, reusing `program`'s parsed files so
 * the check costs one incremental type-check, not a second compilation.
 */
export function checkExamples(input: {
  program: ts.Program;
  entry: string;
  packageName: string;
  examples: readonly DocExample[];
}): ExampleProblem[] {
  if (input.examples.length === 0) return [];
  const modules = exampleModules({ ...input, exported: exportedNames(input.program, input.entry) });
  return exampleProblems(deriveProgram(input.program, modules.files, { noEmit: true }), modules);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
