import { describe, expect, it } from 'vitest';
import { bumpLevel, bumpVersion, collectChanges, planRelease, renderNotes } from './release.js';

describe('collectChanges', () => {
  it('parses conventional commits and counts the others', () => {
    expect(
      collectChanges([
        'feat(parser): support tables',
        'fix: handle empty input\n\nlonger text',
        'refactor!: drop the v1 API',
        'chore: bump deps\n\nBREAKING CHANGE: needs Node 22',
        'Merge branch main',
      ]),
    ).toEqual({
      changes: [
        { type: 'feat', scope: 'parser', summary: 'support tables', breaking: false },
        { type: 'fix', summary: 'handle empty input', breaking: false },
        { type: 'refactor', summary: 'drop the v1 API', breaking: true },
        { type: 'chore', summary: 'bump deps', breaking: true },
      ],
      ignored: 1,
    });
  });
});

describe('bumpLevel and bumpVersion', () => {
  it.each([
    [[{ type: 'docs', summary: 'x', breaking: false }], 'none', '1.2.3'],
    [[{ type: 'fix', summary: 'x', breaking: false }], 'patch', '1.2.4'],
    [[{ type: 'feat', summary: 'x', breaking: false }], 'minor', '1.3.0'],
    [[{ type: 'fix', summary: 'x', breaking: true }], 'major', '2.0.0'],
  ] as const)('%j -> %s', (changes, level, version) => {
    expect(bumpLevel(changes)).toBe(level);
    expect(bumpVersion('1.2.3', bumpLevel(changes))).toBe(version);
  });
});

describe('renderNotes', () => {
  it('groups changes and leaves out empty sections', () => {
    expect(
      renderNotes('1.3.0', [
        { type: 'feat', scope: 'parser', summary: 'support tables', breaking: false },
        { type: 'fix', summary: 'handle empty input', breaking: false },
        { type: 'docs', summary: 'typo', breaking: false },
      ]),
    ).toBe(
      '## 1.3.0\n\n### Features\n\n- **parser:** support tables\n\n### Fixes\n\n- handle empty input\n',
    );
  });

  it('says so when nothing user-facing changed', () => {
    expect(renderNotes('1.0.0', [])).toBe('## 1.0.0\n\nNo user-facing changes.\n');
  });
});

describe('planRelease', () => {
  it('chains collect, bump and notes', () => {
    expect(planRelease('2.1.7', ['fix(cli)!: exit 2 on bad usage', 'docs: typo', 'WIP'])).toEqual({
      version: '3.0.0',
      level: 'major',
      notes: '## 3.0.0\n\n### Breaking changes\n\n- **cli:** exit 2 on bad usage\n',
      changes: 2,
      ignored: 1,
    });
  });

  it('keeps the version when nothing user-facing changed', () => {
    expect(planRelease('0.3.1', ['chore: bump deps'])).toMatchObject({
      version: '0.3.1',
      level: 'none',
    });
  });
});
