import { describe, expect, it } from 'vitest';
import { checkTargetDir } from './target-dir.js';

describe('checkTargetDir', () => {
  it.each([
    'my-plugin',
    'plugins/notes',
    '.',
    './here',
    'a.b',
    '@scope-dir/x',
    '..',
    '../sibling',
    'a\\..\\..\\b',
    '/home/me/code/x',
    'C:\\plugins',
    '\\\\server\\share',
  ])('accepts %j', (dir) => {
    expect(checkTargetDir(dir)).toBeUndefined();
  });

  it.each([
    ['', 'the folder name is empty'],
    ['bad\u0000name', 'it contains control characters'],
    ['line\nbreak', 'it contains control characters'],
    ['~/x', '"~" is not expanded here; pass the folder without it'],
    ['/home/me/CON/x', '"CON" is a reserved device name on Windows'],
    ['nul', '"nul" is a reserved device name on Windows'],
    ['LPT1.log', '"LPT1.log" is a reserved device name on Windows'],
    ['x ', '"x " ends with a dot or a space'],
    ['a|b', '"a|b" contains one of <>:"|?*'],
  ])('refuses %j', (dir, reason) => {
    expect(checkTargetDir(dir)).toBe(reason);
  });
});
