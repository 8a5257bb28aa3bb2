import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type ImportRename, renameImportsInSource } from './_rename-imports.js';

const RENAMES: readonly ImportRename[] = [
  { module: '@stack-plugin/pdk', from: 'errorCatalog', to: 'pdkErrors' },
  { module: '@stack-plugin/pdk', from: 'ErrorCatalogEntry', to: 'ErrorEntry' },
];
const rename = (text: string) => renameImportsInSource(ts, '/p/src/a.ts', text, RENAMES)?.text;

describe('renameImportsInSource', () => {
  it('renames the import and the references bound to it, not strings, comments, keys or shadowing names', () => {
    const text = [
      "import { createError, errorCatalog, type ErrorCatalogEntry } from '@stack-plugin/pdk';",
      '// errorCatalog is the catalog',
      "const label = 'errorCatalog';",
      'const entry: ErrorCatalogEntry = errorCatalog.INTERNAL;',
      'const bag = { errorCatalog, other: { errorCatalog: 1 } };',
      'function inner(errorCatalog: number) {',
      '  return errorCatalog + 1;',
      '}',
      'throw createError(errorCatalog.INTERNAL, { detail: label });',
      '',
    ].join('\n');
    expect(rename(text)).toBe(
      [
        "import { createError, pdkErrors, type ErrorEntry } from '@stack-plugin/pdk';",
        '// errorCatalog is the catalog',
        "const label = 'errorCatalog';",
        'const entry: ErrorEntry = pdkErrors.INTERNAL;',
        'const bag = { errorCatalog: pdkErrors, other: { errorCatalog: 1 } };',
        'function inner(errorCatalog: number) {',
        '  return errorCatalog + 1;',
        '}',
        'throw createError(pdkErrors.INTERNAL, { detail: label });',
        '',
      ].join('\n'),
    );
  });

  it('changes only the imported name of an aliased import, and property accesses on a namespace import', () => {
    const text = [
      "import { errorCatalog as catalog } from '@stack-plugin/pdk';",
      "import * as pdk from '@stack-plugin/pdk';",
      'console.log(catalog, pdk.errorCatalog, pdk.definePlugin);',
      '',
    ].join('\n');
    expect(rename(text)).toBe(
      [
        "import { pdkErrors as catalog } from '@stack-plugin/pdk';",
        "import * as pdk from '@stack-plugin/pdk';",
        'console.log(catalog, pdk.pdkErrors, pdk.definePlugin);',
        '',
      ].join('\n'),
    );
  });

  it('aliases when the file already declares the new name, and re-exports keep their public name', () => {
    const text = [
      "import { errorCatalog } from '@stack-plugin/pdk';",
      "export { errorCatalog as catalog, ErrorCatalogEntry } from '@stack-plugin/pdk';",
      'const pdkErrors = errorCatalog;',
      '',
    ].join('\n');
    expect(rename(text)).toBe(
      [
        "import { pdkErrors as errorCatalog } from '@stack-plugin/pdk';",
        "export { pdkErrors as catalog, ErrorEntry as ErrorCatalogEntry } from '@stack-plugin/pdk';",
        'const pdkErrors = errorCatalog;',
        '',
      ].join('\n'),
    );
  });

  it('says which renames it applied', () => {
    const text = "import { errorCatalog } from '@stack-plugin/pdk';\nerrorCatalog;\n";
    expect(renameImportsInSource(ts, '/p/a.ts', text, RENAMES)).toEqual({
      text: "import { pdkErrors } from '@stack-plugin/pdk';\npdkErrors;\n",
      applied: [RENAMES[0]],
    });
  });

  it('leaves other modules and files without the module alone', () => {
    expect(rename("import { errorCatalog } from './errors.js';\nerrorCatalog;\n")).toBeUndefined();
    expect(rename("import { errorCatalog } from '@stack-plugin/pdkx';\n")).toBeUndefined();
  });
});
