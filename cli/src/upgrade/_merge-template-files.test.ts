import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256, type TemplateRecord } from 'create-stack-plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeTemplateFiles } from './_merge-template-files.js';

let root: string | undefined;
afterEach(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root ?? '', name);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('mergeTemplateFiles', () => {
  it('replaces untouched files, merges edited ones, keeps deletions, adds new files unless the name is taken, leaves dropped ones', async () => {
    root = await mkdtemp(join(tmpdir(), 'stack-merge-files-'));
    const old = {
      'untouched.txt': 'one\n',
      'edited.txt': 'a\nb\nc\nd\ne\n',
      'deleted.txt': 'gone\n',
      'dropped.txt': 'old only\n',
      'same.txt': 'same\n',
    };
    const next = {
      'untouched.txt': 'one, new\n',
      'edited.txt': 'A\nb\nc\nd\ne\n',
      'deleted.txt': 'gone, new\n',
      'same.txt': 'same\n',
      'src/added.txt': 'added\n',
      'taken.txt': 'template\n',
    };
    const project = {
      'untouched.txt': 'one\n',
      'edited.txt': 'a\nb\nc\nd\nE\n',
      'dropped.txt': 'old only\n',
      'same.txt': 'mine\n',
      'taken.txt': 'mine\n',
    };
    const record: TemplateRecord = {
      template: 'micro',
      templateVersion: '1.0.0',
      generator: 'test',
      features: { examples: false, docs: false, ci: false, changesets: false },
      files: Object.fromEntries(Object.entries(old).map(([p, t]) => [p, sha256(t)])),
    };
    const folders = {
      project: await folder('project', project),
      oldRender: await folder('old', old),
      newRender: await folder('new', next),
      work: await folder('work', project),
    };
    const results = await mergeTemplateFiles(
      record,
      new Set(Object.keys(old)),
      new Set(Object.keys(next)),
      folders,
      { from: '1.0.0', to: '2.0.0' },
    );
    expect(results).toEqual([
      { path: 'deleted.txt', outcome: 'skipped', note: 'deleted by you' },
      {
        path: 'dropped.txt',
        outcome: 'skipped',
        note: 'no longer in the template; yours to keep or delete',
      },
      { path: 'edited.txt', outcome: 'merged' },
      { path: 'same.txt', outcome: 'unchanged' },
      { path: 'src/added.txt', outcome: 'added' },
      {
        path: 'taken.txt',
        outcome: 'skipped',
        note: 'new in the template, but you have a file of that name',
      },
      { path: 'untouched.txt', outcome: 'replaced' },
    ]);
    const work = (path: string) => readFile(join(folders.work, path), 'utf8');
    expect(await work('edited.txt')).toBe('A\nb\nc\nd\nE\n');
    expect(await work('untouched.txt')).toBe('one, new\n');
    expect(await work('src/added.txt')).toBe('added\n');
    expect(await work('taken.txt')).toBe('mine\n');
    expect(await work('same.txt')).toBe('mine\n');
    await expect(work('deleted.txt')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
