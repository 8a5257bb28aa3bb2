import { describe, expect, it } from 'vitest';
import { toValidPackageName, validatePackageName } from './package-name.js';

describe('validatePackageName', () => {
  it.each([
    'my-plugin',
    'stack-plugin-notes',
    '@acme/notes',
    'a',
    'x.y_z-1',
    '@my-org/plugin.v2',
    'a'.repeat(214),
    '@acme/favicon.ico',
  ])('accepts %j', (name) => {
    expect(validatePackageName(name)).toEqual({ valid: true, problems: [] });
  });

  const URL_SAFE = 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")';
  const LEADING = 'it starts with "." or "_"';
  it.each([
    ['', 'it is empty'],
    [' padded', 'it has leading or trailing spaces'],
    ['Upper', 'it has upper-case letters'],
    ['a'.repeat(215), 'it is longer than 214 characters'],
    ['.dot', LEADING],
    ['_under', LEADING],
    ['bang!', 'it contains "!": npm refuses ~\'!()* in the names of new packages'],
    ['a/b', URL_SAFE],
    ['../up', LEADING],
    ['/abs', URL_SAFE],
    ['@scope', 'a scoped name needs "/" between the scope and the name ("@scope/name")'],
    ['@scope/a/b', URL_SAFE],
    [
      '@.scope/a',
      'the scope "@.scope" may only use a-z, 0-9, "-", ".", "_" and "~", not first "." or "_"',
    ],
    ['fs', '"fs" is reserved (a Node.js core module or npm special name)'],
    ['node_modules', '"node_modules" is reserved (a Node.js core module or npm special name)'],
    ['favicon.ico', '"favicon.ico" is reserved (a Node.js core module or npm special name)'],
    ['spaces in name', URL_SAFE],
  ])('refuses %j', (name, problem) => {
    expect(validatePackageName(name)).toEqual({ valid: false, problems: [problem] });
  });

  it('allows a built-in module name under a scope', () => {
    expect(validatePackageName('@acme/fs').valid).toBe(true);
  });
});

describe('toValidPackageName', () => {
  it.each([
    ['My Plugin!', 'my-plugin'],
    ['  ._Hidden Thing  ', 'hidden-thing'],
    ['café au lait', 'caf-au-lait'],
    ['!!!', undefined],
    ['http', undefined],
  ])('%j -> %j', (input, expected) => {
    expect(toValidPackageName(input)).toBe(expected);
  });
});
