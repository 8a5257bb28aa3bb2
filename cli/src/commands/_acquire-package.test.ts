import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceKind } from './_acquire-package.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'stack-source-kind-'));
  await mkdir(join(cwd, 'plugins', 'notes'), { recursive: true });
  await writeFile(join(cwd, 'notes-1.0.0.tgz'), '');
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('sourceKind', () => {
  it.each([
    ['stack-plugin-github', 'registry'],
    ['@acme/notes@^2.1.0', 'registry'],
    ['./plugins/notes', 'folder'],
    ['file:plugins/notes', 'folder'],
    ['./notes-1.0.0.tgz', 'tarball'],
    ['notes-1.0.0.tgz', 'tarball'],
    ['https://registry.example.com/notes/-/notes-1.0.0.tgz', 'tarball'],
    ['git+https://example.com/acme/notes.git#v1.0.0', 'git'],
    ['git+file:///srv/notes.git', 'git'],
    ['github:acme/notes', 'git'],
    ['https://example.com/acme/notes.git', 'git'],
  ])('%s is a %s source', (spec, kind) => {
    expect(sourceKind(spec, cwd)).toBe(kind);
  });
});
