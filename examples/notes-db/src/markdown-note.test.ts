import { describe, expect, it } from 'vitest';
import { normalizeTag, readMarkdownNote } from './markdown-note.js';

describe('readMarkdownNote', () => {
  it('takes title and tags from the front matter, and hashtags from the text', () => {
    const text = [
      '---',
      'title: "Trip: Lisbon"',
      'tags:',
      '  - Travel',
      '  - 2026',
      'date: 2026-05-01',
      '---',
      '',
      '# Day one',
      'Tram 28 to the castle. #food #Travel see page#anchor and issue #12.',
    ].join('\n');
    expect(readMarkdownNote('notes/lisbon.md', text)).toEqual({
      note: {
        title: 'Trip: Lisbon',
        tags: ['2026', 'food', 'travel'],
        body: '# Day one\nTram 28 to the castle. #food #Travel see page#anchor and issue #12.',
      },
    });
  });

  it('falls back to the first heading, then to the file name', () => {
    expect(readMarkdownNote('a.md', 'Intro\n\n## Setup ##\ntext\n# Later')).toMatchObject({
      note: { title: 'Setup' },
    });
    expect(readMarkdownNote('notes/x/Meeting notes.md', 'just text')).toMatchObject({
      note: { title: 'Meeting notes', tags: [], body: 'just text' },
    });
  });

  it('reads tags given as a string, and ignores hashtags and headings in code', () => {
    const text =
      '---\ntags: work, Project Alpha\n---\n```sh\n# not a title\necho #not-a-tag\n```\n`#nor-this`';
    expect(readMarkdownNote('b.md', text)).toEqual({
      note: {
        title: 'b',
        tags: ['project-alpha', 'work'],
        body: '```sh\n# not a title\necho #not-a-tag\n```\n`#nor-this`',
      },
    });
  });

  it('gives the reason for a file that cannot be a note', () => {
    expect(readMarkdownNote('c.md', '---\ntitle: [unclosed\n---\ntext')).toEqual({
      reason: expect.stringMatching(/^its front matter is not valid YAML/),
    });
    expect(readMarkdownNote('d.md', 'x'.repeat(100_001))).toEqual({
      reason: 'its text is longer than 100,000 characters',
    });
  });

  it('keeps a document that only looks like front matter further down as text', () => {
    expect(readMarkdownNote('e.md', '# Title\n---\ntags: [x]\n---')).toMatchObject({
      note: { title: 'Title', tags: [] },
    });
  });
});

describe('normalizeTag', () => {
  it.each([
    ['#Work', 'work'],
    ['Project Alpha', 'project-alpha'],
    ['area/home', 'area/home'],
    ['', undefined],
    ['-dash-first', undefined],
    ['é', undefined],
    ['x'.repeat(51), undefined],
  ])('%s -> %s', (raw, tag) => expect(normalizeTag(raw)).toBe(tag));
});
