import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStackPluginError } from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeFsService, type NodeFsServiceOptions } from '../../src/services/node/index.js';

let base: string;
let root: string;
let outside: string;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

/** The code and message of a rejection; messages must never carry absolute host paths. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isStackPluginError(error)) throw error;
    expect(error.message).not.toContain(base);
    return { code: error.code, message: error.message };
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'stack-fs-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'sub', 'file.txt'), 'inside');
  writeFileSync(join(outside, 'file.txt'), 'SECRET');
});

afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

const service = (extra: Partial<NodeFsServiceOptions> = {}) =>
  createNodeFsService({ root, ...extra });

describe('createNodeFsService: ordinary use', () => {
  it('reads, writes atomically, lists, stats, checks, makes and removes', async () => {
    const fs = service();
    expect(text(await fs.readFile('sub/file.txt'))).toBe('inside');
    await fs.mkdir('a/b/c', { recursive: true });
    await fs.mkdir('a/b/c', { recursive: true });
    await fs.writeFile('a/b/c/new.txt', bytes('hello'));
    await fs.writeFile('a/b/c/new.txt', bytes('hello again'));
    expect(readFileSync(join(root, 'a/b/c/new.txt'), 'utf8')).toBe('hello again');
    // No temporary file is left next to the target.
    expect(await fs.readdir('a/b/c')).toEqual(['new.txt']);
    expect(await fs.readdir('.')).toEqual(['a', 'sub']);
    expect(await fs.stat('a/b/c/new.txt')).toMatchObject({
      size: 11,
      isFile: true,
      isDirectory: false,
    });
    expect(await fs.stat('')).toMatchObject({ isFile: false, isDirectory: true });
    expect(await fs.exists('a/b/c/new.txt')).toBe(true);
    expect(await fs.exists('a/b/nope.txt')).toBe(false);
    expect(await failure(fs.rm('a', { recursive: false }))).toEqual({
      code: 'FS_OPERATION_FAILED',
      message: 'rm of "a" failed: it is a folder; pass recursive.',
    });
    await fs.rm('a', { recursive: true });
    expect(readdirSync(root)).toEqual(['sub']);
    await fs.rm('sub/file.txt', { recursive: false });
    expect(await fs.exists('sub/file.txt')).toBe(false);
  });

  it('keeps the mode of a file it overwrites', async () => {
    writeFileSync(join(root, 'run.sh'), 'old', { mode: 0o750 });
    await service().writeFile('run.sh', bytes('new'));
    expect(statSync(join(root, 'run.sh')).mode & 0o777).toBe(0o750);
  });

  it('reports missing files and wrong types with relative paths only', async () => {
    const fs = service();
    expect(await failure(fs.readFile('sub/missing.txt'))).toEqual({
      code: 'FS_NOT_FOUND',
      message: '"sub/missing.txt" does not exist in the workspace (read).',
    });
    expect(await failure(fs.readFile('sub'))).toEqual({
      code: 'FS_OPERATION_FAILED',
      message: 'read of "sub" failed: it is not a regular file.',
    });
    expect(await failure(fs.writeFile('nope/x.txt', bytes('x')))).toEqual({
      code: 'FS_NOT_FOUND',
      message: '"nope/x.txt" does not exist in the workspace (write).',
    });
  });

  it('does not hang on a FIFO planted in the workspace', async () => {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await failure(service().readFile('pipe'))).toEqual({
      code: 'FS_OPERATION_FAILED',
      message: 'read of "pipe" failed: it is not a regular file.',
    });
  });
});

describe('createNodeFsService: realpath', () => {
  it('returns the workspace-relative real path, also for paths that do not exist yet', async () => {
    symlinkSync('sub', join(root, 'alias'));
    const fs = service();
    expect(await fs.realpath('')).toBe('.');
    expect(await fs.realpath('./sub//file.txt')).toBe('sub/file.txt');
    expect(await fs.realpath('alias/file.txt')).toBe('sub/file.txt');
    expect(await fs.realpath('alias/new/deeper.txt')).toBe('sub/new/deeper.txt');
  });

  it.each([
    // One rule for the broker, this service and the harness's (pdk normalizeWorkspacePath):
    // any ".." is refused, even one that stays inside.
    ['../outside/file.txt', 'paths may not contain ".."'],
    ['sub/../../outside', 'paths may not contain ".."'],
    ['sub/../sub/x', 'paths may not contain ".."'],
    ['/etc/passwd', 'paths are relative to the workspace root, not absolute'],
    ['sub/\0x', 'the path contains a NUL byte'],
  ])('refuses %j before touching the disk', async (path, detail) => {
    expect(await failure(service().realpath(path))).toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
      message: `"${path}" is outside the workspace root (${detail}).`,
    });
  });

  it('refuses symbolic links that lead out, including through a parent folder', async () => {
    symlinkSync('/etc/passwd', join(root, 'passwd'));
    symlinkSync(outside, join(root, 'escape'));
    const fs = service();
    for (const path of ['passwd', 'escape', 'escape/file.txt', 'escape/new-file.txt']) {
      expect(await failure(fs.realpath(path))).toEqual({
        code: 'FS_PATH_OUTSIDE_ROOT',
        message: `"${path}" is outside the workspace root (a symbolic link leads out of it).`,
      });
    }
  });
});

describe('createNodeFsService: attacks', () => {
  it('does not follow a link to /etc/passwd, for reads or writes', async () => {
    symlinkSync('/etc/passwd', join(root, 'passwd'));
    const fs = service();
    expect(await failure(fs.readFile('passwd'))).toEqual({
      code: 'FS_SYMLINK_REFUSED',
      message: '"passwd" is or passes through a symbolic link, so it was not followed.',
    });
    symlinkSync(join(outside, 'file.txt'), join(root, 'out-link'));
    expect(await failure(fs.writeFile('out-link', bytes('pwned')))).toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
    });
    expect(readFileSync(join(outside, 'file.txt'), 'utf8')).toBe('SECRET');
  });

  it('refuses a symlinked parent folder, inside or outside the root (paths must be canonical)', async () => {
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync('sub', join(root, 'alias'));
    const fs = service();
    expect(await failure(fs.readFile('escape/file.txt'))).toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
    });
    expect(await failure(fs.writeFile('escape/new.txt', bytes('x')))).toMatchObject({
      code: 'FS_PATH_OUTSIDE_ROOT',
    });
    expect(await failure(fs.readdir('escape'))).toMatchObject({ code: 'FS_PATH_OUTSIDE_ROOT' });
    expect(await failure(fs.readFile('alias/file.txt'))).toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
    });
    expect(readdirSync(outside)).toEqual(['file.txt']);
  });

  it.each([true, false])(
    'refuses a folder swapped for a link between realpath and use (procFd %s)',
    async (procFd) => {
      const fs = service({ procFd });
      const checked = await fs.realpath('sub/file.txt');
      renameSync(join(root, 'sub'), join(root, 'sub-old'));
      symlinkSync(outside, join(root, 'sub'));
      expect(await failure(fs.readFile(checked))).toMatchObject({ code: 'FS_PATH_OUTSIDE_ROOT' });
      expect(await failure(fs.writeFile(checked, bytes('pwned')))).toMatchObject({
        code: 'FS_PATH_OUTSIDE_ROOT',
      });
      expect(await failure(fs.rm(checked, { recursive: false }))).toMatchObject({
        code: 'FS_PATH_OUTSIDE_ROOT',
      });
      expect(readFileSync(join(outside, 'file.txt'), 'utf8')).toBe('SECRET');
    },
  );

  it('stays in the pinned folder when the folder is swapped right before the open', async () => {
    const swap = () => {
      renameSync(join(root, 'sub'), join(root, 'sub-old'));
      symlinkSync(outside, join(root, 'sub'));
    };
    const fs = service({ beforeOpen: swap });
    expect(text(await fs.readFile('sub/file.txt'))).toBe('inside');
    rmSync(join(root, 'sub'));
    renameSync(join(root, 'sub-old'), join(root, 'sub'));
    await fs.writeFile('sub/file.txt', bytes('written'));
    expect(readFileSync(join(root, 'sub-old', 'file.txt'), 'utf8')).toBe('written');
    expect(readFileSync(join(outside, 'file.txt'), 'utf8')).toBe('SECRET');
  });

  it('refuses a file swapped for a link right before the open', async () => {
    const fs = service({
      beforeOpen: () => {
        rmSync(join(root, 'sub', 'file.txt'));
        symlinkSync(join(outside, 'file.txt'), join(root, 'sub', 'file.txt'));
      },
    });
    expect(await failure(fs.readFile('sub/file.txt'))).toMatchObject({
      code: 'FS_SYMLINK_REFUSED',
    });
  });

  it('never returns outside data while a folder flips between real and link', async () => {
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'file.txt'), 'inside');
    const fs = service();
    let flipping = true;
    let flips = 0;
    const flipper = (async () => {
      while (flipping) {
        renameSync(join(root, 'real'), join(root, 'parked'));
        symlinkSync(outside, join(root, 'real'));
        await new Promise((r) => setImmediate(r));
        rmSync(join(root, 'real'));
        renameSync(join(root, 'parked'), join(root, 'real'));
        await new Promise((r) => setImmediate(r));
        flips++;
      }
    })();
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      try {
        seen.add(text(await fs.readFile('real/file.txt')));
      } catch (error) {
        seen.add(isStackPluginError(error) ? error.code : String(error));
      }
    }
    flipping = false;
    await flipper;
    expect(flips).toBeGreaterThan(0);
    expect(seen.has('SECRET')).toBe(false);
  });

  it('refuses the host state folder', async () => {
    mkdirSync(join(root, '.stack', 'state'), { recursive: true });
    writeFileSync(join(root, '.stack', 'state', 'a.journal'), 'x');
    const fs = service({ reserved: [join(root, '.stack', 'state')] });
    for (const op of [
      fs.readFile('.stack/state/a.journal'),
      fs.realpath('.stack/state/a.journal'),
      fs.rm('.stack/state', { recursive: true }),
      fs.readdir('.stack/state'),
    ]) {
      expect(await failure(op)).toMatchObject({ code: 'FS_PATH_RESERVED' });
    }
    expect(await fs.readdir('.stack')).toEqual(['state']);
  });
});
