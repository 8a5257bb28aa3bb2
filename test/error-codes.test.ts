import { readFileSync, writeFileSync } from 'node:fs';
import { cliErrors } from '@stack-plugin/cli';
import { docsGenErrors } from '@stack-plugin/docs-gen';
import { hostErrors } from '@stack-plugin/host';
import type { ErrorEntry } from '@stack-plugin/pdk';
import { pdkErrors } from '@stack-plugin/pdk';
import { harnessErrors } from '@stack-plugin/test-harness';
import { scaffoldErrors } from 'create-stack-plugin';
import { describe, expect, it } from 'vitest';

/**
 * Every package's error catalog. Codes are a public contract: scripts and users match on them.
 * A code lives in exactly one catalog and, once released, never disappears.
 */
const CATALOGS: Record<string, Readonly<Record<string, ErrorEntry<string, never>>>> = {
  pdk: pdkErrors,
  host: hostErrors,
  'test-harness': harnessErrors,
  cli: cliErrors,
  'docs-gen': docsGenErrors,
  'create-plugin': scaffoldErrors,
};

const LIST = new URL('./error-codes.txt', import.meta.url);

/**
 * Stands in for any arguments, so every message renders: each is a one-element list, which
 * prints as its element and also serves where a list is expected.
 */
const anyArgs = new Proxy(
  {},
  { get: (_t, key) => (typeof key === 'string' ? [`<${key}>`] : undefined) },
);

describe('error codes across packages', () => {
  const owners = new Map<string, string[]>();
  for (const [pkg, catalog] of Object.entries(CATALOGS)) {
    for (const code of Object.keys(catalog)) owners.set(code, [...(owners.get(code) ?? []), pkg]);
  }

  it('gives each code exactly one owning package', () => {
    const shared = [...owners].filter(([, pkgs]) => pkgs.length > 1);
    expect(shared).toEqual([]);
  });

  it.each(Object.entries(CATALOGS))(
    '%s: sorted, keyed by their code, well-formed',
    (_, catalog) => {
      const codes = Object.keys(catalog);
      expect(codes).toEqual([...codes].sort());
      for (const [key, entry] of Object.entries(catalog)) {
        expect(entry.code).toBe(key);
        expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(entry.title.length).toBeGreaterThan(3);
        const message = entry.message(anyArgs as never);
        expect(message).not.toMatch(/^error:/i);
        expect(message).toMatch(/[.?!]$/);
        const hint = typeof entry.hint === 'string' ? entry.hint : entry.hint(anyArgs as never);
        expect(hint.length).toBeGreaterThan(10);
        if (entry.exitCode !== undefined) expect(entry.exitCode).toBeGreaterThan(0);
      }
    },
  );

  it('never removes or renames a released code (error-codes.txt only grows)', () => {
    const listed = readFileSync(LIST, 'utf8').split('\n').filter(Boolean);
    const defined = [...owners.keys()].sort();
    if (process.env.UPDATE_ERROR_CODES === '1') {
      writeFileSync(LIST, `${[...new Set([...listed, ...defined])].sort().join('\n')}\n`);
    }
    expect(listed, 'test/error-codes.txt is kept sorted').toEqual([...listed].sort());
    expect(
      listed.filter((code) => !owners.has(code)),
      'codes are permanent: restore these in the catalog of the package that owns them',
    ).toEqual([]);
    expect(
      defined.filter((code) => !listed.includes(code)),
      'new codes: add them to test/error-codes.txt (or run with UPDATE_ERROR_CODES=1)',
    ).toEqual([]);
  });
});
