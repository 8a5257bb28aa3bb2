import { describe, expect, it } from 'vitest';
import { checkTargetDir } from './target-dir.js';

describe('checkTargetDir', () => {
  it.each(['my-plugin', 'plugins/notes', '.', './here', 'a.b', '@scope-dir/x'])(
    'accepts %j',
    (dir) => {
      expect(checkTargetDir(dir)).toBeUndefined();
    },
  );

  it.each([
    ['', 'the folder name is empty'],
    ['bad\u0000name', 'it contains control characters'],
    ['line\nbreak', 'it contains control characters'],
    [
      'C:\\plugins',
      'it is an absolute path; run the command from the parent folder and pass a relative name',
    ],
    [
      '\\\\server\\share',
      'it is an absolute path; run the command from the parent folder and pass a relative name',
    ],
    ['..', 'it climbs out of the current folder with ".."'],
    ['a\\..\\..\\b', 'it climbs out of the current folder with ".."'],
    ['nul', '"nul" is a reserved device name on Windows'],
    ['LPT1.log', '"LPT1.log" is a reserved device name on Windows'],
    ['x ', '"x " ends with a dot or a space'],
    ['a|b', '"a|b" contains one of <>:"|?*'],
  ])('refuses %j', (dir, reason) => {
    expect(checkTargetDir(dir)).toBe(reason);
  });
});
