import type ts from 'typescript';

/** A named export of a module that a kit version renamed. */
export interface ImportRename {
  /** The module specifier, e.g. `@stack-plugin/pdk`. */
  readonly module: string;
  readonly from: string;
  readonly to: string;
}

type Ts = typeof ts;
type Edit = { start: number; end: number; text: string };

/**
 * Rename imports of `renames` in one TypeScript source with the TypeScript compiler: the import
 * specifier and every reference bound to it (found by the language service's rename, so
 * shadowing names, strings, comments and object keys stay; a shorthand `{ old }` becomes
 * `{ old: new }`). An aliased import (`{ old as x }`) only changes its imported name; when the
 * file already declares the new name, the import is aliased (`{ new as old }`) instead of
 * renaming references. `ns.old` through `import * as ns` becomes `ns.new`. Re-exports keep
 * the name they export (`export { new as old } from`). Returns the new text and the renames
 * applied, or `undefined` when nothing changed.
 */
export function renameImportsInSource(
  ts: Ts,
  fileName: string,
  text: string,
  renames: readonly ImportRename[],
): { text: string; applied: ImportRename[] } | undefined {
  if (!renames.some((r) => text.includes(r.module))) return undefined;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const edits: Edit[] = [];
  const applied = new Set<ImportRename>();
  let service: ts.LanguageService | undefined;
  const renameLocations = (position: number) => {
    service ??= singleFileService(ts, fileName, text);
    return service.findRenameLocations(fileName, position, false, false, {
      providePrefixAndSuffixTextForRename: true,
    });
  };
  const declared = new Set<string>();
  const namespaces = new Map<string, readonly ImportRename[]>();
  const collect = (node: ts.Node) => {
    if (ts.isIdentifier(node) && isDeclarationName(ts, node)) declared.add(node.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    const moduleRenames = renames.filter((r) => r.module === specifier);
    if (moduleRenames.length === 0) continue;
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause === undefined || !ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        const imported = element.propertyName ?? element.name;
        const rename = moduleRenames.find((r) => r.from === imported.text);
        if (rename === undefined) continue;
        applied.add(rename);
        edits.push(
          element.propertyName === undefined
            ? {
                start: element.name.getStart(),
                end: element.name.end,
                text: `${rename.to} as ${rename.from}`,
              }
            : { start: imported.getStart(), end: imported.end, text: rename.to },
        );
      }
      continue;
    }
    const bindings = (statement as ts.ImportDeclaration).importClause?.namedBindings;
    if (bindings === undefined) continue;
    if (ts.isNamespaceImport(bindings)) {
      namespaces.set(bindings.name.text, moduleRenames);
      continue;
    }
    for (const element of bindings.elements) {
      const imported = element.propertyName ?? element.name;
      const rename = moduleRenames.find((r) => r.from === imported.text);
      if (rename === undefined) continue;
      applied.add(rename);
      if (element.propertyName !== undefined) {
        edits.push({ start: imported.getStart(), end: imported.end, text: rename.to });
      } else if (declared.has(rename.to)) {
        edits.push({
          start: element.name.getStart(),
          end: element.name.end,
          text: `${rename.to} as ${rename.from}`,
        });
      } else {
        const own = element.name.getStart();
        for (const location of renameLocations(own) ?? []) {
          if (location.fileName !== fileName) continue;
          const start = location.textSpan.start;
          const end = start + location.textSpan.length;
          edits.push(
            start === own
              ? { start, end, text: rename.to }
              : {
                  start,
                  end,
                  text: `${location.prefixText ?? ''}${rename.to}${location.suffixText ?? ''}`,
                },
          );
        }
      }
    }
  }
  if (namespaces.size > 0) {
    const visit = (node: ts.Node) => {
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        ts.isIdentifier(node.name)
      ) {
        const rename = namespaces.get(node.expression.text)?.find((r) => r.from === node.name.text);
        if (rename !== undefined) {
          applied.add(rename);
          edits.push({ start: node.name.getStart(), end: node.name.end, text: rename.to });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  if (edits.length === 0) return undefined;
  const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}`, e])).values()];
  unique.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of unique) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out === text ? undefined : { text: out, applied: [...applied] };
}

/** Whether an identifier is the name a declaration introduces (not an import's). */
function isDeclarationName(ts: Ts, node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) {
    return false;
  }
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent) ||
      ts.isEnumDeclaration(parent) ||
      ts.isParameter(parent)) &&
    parent.name === node
  );
}

/**
 * A language service over one file and nothing else: no lib, no module resolution. Renaming a
 * local binding needs only the file's own scopes.
 */
function singleFileService(ts: Ts, fileName: string, text: string): ts.LanguageService {
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      name === fileName ? ts.ScriptSnapshot.fromString(text) : undefined,
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => ({ noLib: true, noResolve: true, allowJs: true, types: [] }),
    getDefaultLibFileName: () => 'lib.d.ts',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}
