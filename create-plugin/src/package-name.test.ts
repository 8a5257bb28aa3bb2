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
  ])('accepts %j', (name) => {
    expect(validatePackageName(name)).toEqual({ valid: true, problems: [] });
  });

  it.each([
    ['', ['the name is empty']],
    [
      ' padded',
      [
        'it starts or ends with whitespace',
        'it contains characters that are not URL-safe (use a-z, 0-9, - . _)',
      ],
    ],
    ['Upper', ['it contains capital letters']],
    ['a'.repeat(215), ['it is longer than 214 characters']],
    ['.dot', ['it starts with a dot']],
    ['_under', ['it starts with an underscore']],
    ['bang!', ["it contains one of the characters ~'!()*"]],
    ['tilde~1', ["it contains one of the characters ~'!()*"]],
    ['a/b', ['it contains characters that are not URL-safe (use a-z, 0-9, - . _)']],
    [
      '../up',
      [
        'it starts with a dot',
        'it contains characters that are not URL-safe (use a-z, 0-9, - . _)',
      ],
    ],
    ['/abs', ['it contains characters that are not URL-safe (use a-z, 0-9, - . _)']],
    ['@scope', ['a scoped name must look like @scope/name']],
    ['@scope/a/b', ['a scoped name must look like @scope/name']],
    ['@.scope/a', ['it starts with a dot']],
    ['fs', ['"fs" is the name of a Node.js built-in module']],
    ['node_modules', ['"node_modules" is a reserved name']],
    ['@acme/favicon.ico', ['"favicon.ico" is a reserved name']],
    ['spaces in name', ['it contains characters that are not URL-safe (use a-z, 0-9, - . _)']],
  ])('refuses %j', (name, problems) => {
    expect(validatePackageName(name)).toEqual({ valid: false, problems });
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
