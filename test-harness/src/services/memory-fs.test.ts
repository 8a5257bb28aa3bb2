import { describe, expect, it } from 'vitest';
import { symlink } from './file-tree.js';
import { createMemoryFs } from './memory-fs.js';
import { createTempDirFs } from './temp-dir-fs.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each([
  ['memfs', async (files = {}) => createMemoryFs({ files, outside: { '/etc/passwd': 'root' } })],
  ['temp dir', async (files = {}) => createTempDirFs({ files })],
] as const)('workspace fs on %s', (_name, create) => {
  it('seeds flat and nested files and snapshots the tree', async () => {
    const fs = await create({
      'a/b.txt': 'B',
      c: { 'd.txt': 'D', empty: {} },
      'bin.dat': new Uint8Array([0xff, 0xfe]),
      'e/': null,
    });
    expect(fs.tree()).toEqual({
      'a/b.txt': 'B',
      'bin.dat': new Uint8Array([0xff, 0xfe]),
      'c/d.txt': 'D',
      'c/empty': null,
      e: null,
    });
    await (fs as { dispose?: () => Promise<void> }).dispose?.();
  });

  it('refuses paths through a linked folder and names only relative paths in errors', async () => {
    const fs = await create({ 'data/a.txt': 'a', alias: symlink('data') });
    await expect(fs.readFile('alias/a.txt')).rejects.toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
      message: '"alias/a.txt" is or passes through a symbolic link, so it was not followed.',
    });
    await expect(fs.readFile('data/missing.txt')).rejects.toMatchObject({
      code: 'FS_NOT_FOUND',
      message: '"data/missing.txt" does not exist in the workspace (read).',
    });
    await expect(fs.writeFile('new/dir/x.txt', text('x'))).rejects.toMatchObject({
      code: 'FS_NOT_FOUND',
    });
    await (fs as { dispose?: () => Promise<void> }).dispose?.();
  });

  it('reads, writes, lists, stats and removes workspace-relative paths', async () => {
    const fs = await create({ 'notes/a.md': '# A' });
    await fs.writeFile('notes/b.md', text('# B'));
    expect(decode(await fs.readFile('notes/b.md'))).toBe('# B');
    expect(await fs.readdir('notes')).toEqual(['a.md', 'b.md']);
    expect(await fs.stat('notes/a.md')).toMatchObject({
      size: 3,
      isFile: true,
      isDirectory: false,
    });
    expect(await fs.exists('notes/zzz')).toBe(false);
    await fs.mkdir('x/y', { recursive: true });
    await fs.rm('notes', { recursive: true });
    expect(fs.tree()).toEqual({ 'x/y': null });
    expect(fs.writes).toEqual([{ path: 'notes/b.md', data: text('# B'), text: '# B', ok: true }]);
    expect(fs.calls.map((c) => c.method)).toEqual([
      'writeFile',
      'readFile',
      'readdir',
      'stat',
      'exists',
      'mkdir',
      'rm',
    ]);
    expect(fs.read('x/y')).toBeUndefined();
    await (fs as { dispose?: () => Promise<void> }).dispose?.();
  });

  it('resolves real paths inside the root, including paths not created yet', async () => {
    const fs = await create({ 'data/real.txt': 'r', 'data/link.txt': symlink('real.txt') });
    expect(await fs.realpath('data/link.txt')).toBe('data/real.txt');
    expect(await fs.realpath('data/new/deeper.txt')).toBe('data/new/deeper.txt');
    expect(await fs.realpath('.')).toBe('.');
    await (fs as { dispose?: () => Promise<void> }).dispose?.();
  });

  it('refuses paths and links that leave the root, and links as the last component', async () => {
    const fs = await create({
      'data/real.txt': 'r',
      'data/out': symlink('/etc/passwd'),
      'data/link.txt': symlink('real.txt'),
    });
    await expect(fs.realpath('../x')).rejects.toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
      message: '"../x" is outside the workspace root (paths may not contain "..").',
    });
    await expect(fs.readFile('/etc/passwd')).rejects.toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
    });
    await expect(fs.realpath('data/out')).rejects.toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
      message: '"data/out" is outside the workspace root (a symbolic link leads out of it).',
    });
    await expect(fs.readFile('data/link.txt')).rejects.toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
    });
    await expect(fs.writeFile('data/link.txt', text('x'))).rejects.toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
    });
    expect(fs.read('data/real.txt')).toBe('r');
    expect(fs.calls.filter((c) => !c.ok)).toHaveLength(5);
    await (fs as { dispose?: () => Promise<void> }).dispose?.();
  });
});

it('a temp dir workspace is deleted by dispose', async () => {
  const { existsSync } = await import('node:fs');
  const fs = await createTempDirFs({ files: { 'a.txt': 'a' } });
  expect(existsSync(`${fs.root}/a.txt`)).toBe(true);
  await fs.dispose();
  expect(existsSync(fs.root)).toBe(false);
});

it('keeps the seq order shared by services', async () => {
  const fs = createMemoryFs({ files: { 'a.txt': 'a' } });
  await fs.exists('a.txt');
  await fs.exists('b.txt');
  expect(fs.calls.map((c) => [c.seq, c.result])).toEqual([
    [1, true],
    [2, false],
  ]);
  fs.clearCalls();
  expect(fs.calls).toEqual([]);
});
