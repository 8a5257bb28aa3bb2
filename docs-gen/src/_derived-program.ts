import ts from 'typescript';

/**
 * Overrides that make a program emit only `.d.ts` files, whatever the package's tsconfig says:
 * what the API report (api-extractor) and the example check read.
 */
export const DECLARATION_ONLY_OPTIONS: Readonly<ts.CompilerOptions> = {
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  declarationMap: false,
  sourceMap: false,
  composite: false,
  incremental: false,
};

/**
 * A program built on top of `base`: extra in-memory files and different emit options, reusing
 * every source file `base` already parsed and bound. TypeScript's `oldProgram` reuse alone
 * re-reads files from disk when the root files change; serving them from `base` avoids that.
 */
export function deriveProgram(
  base: ts.Program,
  virtualFiles: ReadonlyMap<string, string>,
  overrides: ts.CompilerOptions,
): ts.Program {
  const options = { ...base.getCompilerOptions(), ...overrides };
  const host = ts.createCompilerHost(options, true);
  const baseGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    return (
      base.getSourceFile(fileName) ??
      baseGetSourceFile(fileName, languageVersion, onError, shouldCreate)
    );
  };
  const baseFileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtualFiles.has(fileName) || baseFileExists(fileName);
  return ts.createProgram({
    rootNames: [...base.getRootFileNames(), ...virtualFiles.keys()],
    options,
    host,
    oldProgram: base,
  });
}
