import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWorkspacePath } from './workspace-path.js';

describe('normalizeWorkspacePath', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['a', 'a'],
    ['./a//b/', 'a/b'],
    ['a/./b/.', 'a/b'],
    ['.hidden/..x', '.hidden/..x'],
  ])('normalises %j to %j', (input, path) => {
    expect(normalizeWorkspacePath(input)).toEqual({ path });
  });

  it.each([
    [42, 'a path must be a string'],
    ['a\0b', 'the path contains a NUL byte'],
    ['a\\b', 'use "/" as the separator'],
    ['/etc/passwd', 'paths are relative to the workspace root, not absolute'],
    ['C:/x', 'paths are relative to the workspace root, not absolute'],
    ['c:x', 'paths are relative to the workspace root, not absolute'],
    ['..', 'paths may not contain ".."'],
    ['a/../b', 'paths may not contain ".."'],
    ['a/..', 'paths may not contain ".."'],
  ])('refuses %j: %s', (input, error) => {
    expect(normalizeWorkspacePath(input)).toEqual({ error });
  });

  it('agrees with posix.normalize on every path it accepts, and never leaves the root', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '.', '..', '', 'c.d'), { maxLength: 6 }),
        (parts) => {
          const input = parts.join('/');
          const result = normalizeWorkspacePath(input);
          if ('error' in result) return;
          const expected = posix.normalize(input === '' ? '.' : input).replace(/\/+$/, '');
          expect(result.path).toBe(expected === '' ? '.' : expected);
          expect(result.path === '..' || result.path.startsWith('../')).toBe(false);
        },
      ),
    );
  });
});
