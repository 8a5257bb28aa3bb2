import { describe, expect, it } from 'vitest';
import { checkPackageName } from './check-package-name.js';

describe('checkPackageName', () => {
  it.each([
    'stack-plugin-notes',
    '@acme/stack-plugin-notes',
    'a',
    'x.y_z-1',
    '@a~b/c',
    '@a-b/c.d',
    'fs-extra',
    '@acme/fs',
  ])('accepts %s', (name) => {
    expect(checkPackageName(name)).toBeUndefined();
  });

  it.each([
    [undefined, 'it is not a string'],
    ['', 'it is empty'],
    ['a'.repeat(215), 'it is longer than 214 characters'],
    [' padded', 'it has leading or trailing spaces'],
    ['Upper', 'it has upper-case letters'],
    ['.hidden', 'it starts with "." or "_"'],
    ['_private', 'it starts with "." or "_"'],
    ['@scope', 'a scoped name needs "/" between the scope and the name ("@scope/name")'],
    ['@/name', 'the scope "@" may only use a-z, 0-9, "-", ".", "_" and "~", not first "." or "_"'],
    ['@scope/', 'the name after the scope is empty'],
    ['@scope/_x', 'it starts with "." or "_"'],
    ['with space', 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")'],
    ['a/b', 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")'],
    ['ünicode', 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")'],
    ['x.y_z~1', 'it contains "~": npm refuses ~\'!()* in the names of new packages'],
    ["it's", 'it contains "\'": npm refuses ~\'!()* in the names of new packages'],
    ['hey!', 'it contains "!": npm refuses ~\'!()* in the names of new packages'],
    ['@acme/(x)', 'it contains "(": npm refuses ~\'!()* in the names of new packages'],
    ['star*', 'it contains "*": npm refuses ~\'!()* in the names of new packages'],
    ['http', '"http" is reserved (a Node.js core module or npm special name)'],
    ['node_modules', '"node_modules" is reserved (a Node.js core module or npm special name)'],
    ['favicon.ico', '"favicon.ico" is reserved (a Node.js core module or npm special name)'],
  ])('rejects %j: %s', (name, reason) => {
    expect(checkPackageName(name)).toBe(reason);
  });
});
