import type { FsService } from '@stack-plugin/host';
import { memfs } from 'memfs';
import {
  createFsBackedService,
  type FsPromisesLike,
  type FsSyncLike,
  seedFileTree,
  snapshotFileTree,
} from './_fs-backed-service.js';
import type { FileTree } from './file-tree.js';
import { SpyLog, type SpySequence } from './spy-log.js';
import { createWorkspaceFs, FS_METHODS, type WorkspaceFs } from './workspace-fs.js';

/** Options of {@link createMemoryFs}. */
export interface MemoryFsOptions {
  /** The initial files of the workspace. */
  readonly files?: FileTree;
  /**
   * Files outside the workspace root, as absolute paths (`{ '/etc/passwd': '...' }`), so tests
   * can check that links pointing out of the workspace are refused.
   */
  readonly outside?: Readonly<Record<string, string>>;
  /** Shares `seq` numbering with the other services of one test host. */
  readonly sequence?: SpySequence;
}

const ROOT = '/workspace';

/**
 * An in-memory workspace on memfs implementing the host's `FsService`: nothing touches the
 * disk, every call is recorded, and `tree()` returns the resulting files for snapshots.
 *
 * @example
 * ```ts
 * import { createMemoryFs } from '@stack-plugin/test-harness';
 *
 * const fs = createMemoryFs({ files: { 'notes/a.md': '# A' } });
 * await fs.writeFile('notes/b.md', new TextEncoder().encode('# B'));
 * fs.tree(); // { 'notes/a.md': '# A', 'notes/b.md': '# B' }
 * ```
 */
export function createMemoryFs(options: MemoryFsOptions = {}): WorkspaceFs {
  const outside = Object.entries(options.outside ?? {});
  for (const [path] of outside) {
    if (!path.startsWith('/') || path === ROOT || path.startsWith(`${ROOT}/`)) {
      throw new Error(`"outside" paths must be absolute and outside ${ROOT}: "${path}"`);
    }
  }
  // Most harness tests never touch the workspace, and a memfs volume with its promises API is
  // about 40 of the 310 KB a harness test allocated (machine A): it is built on first use.
  let volume: Volume | undefined;
  const open = (): Volume => {
    volume ??= openVolume(options.files ?? {}, outside);
    return volume;
  };
  const service = {} as Record<(typeof FS_METHODS)[number], unknown>;
  for (const method of FS_METHODS) {
    service[method] = (...args: unknown[]) =>
      (open().service[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  }
  return createWorkspaceFs(service as unknown as FsService, new SpyLog(options.sequence), {
    root: ROOT,
    tree: () => snapshotFileTree(open().sync, ROOT),
    read: (path: string) => {
      const { sync, service } = open();
      return readText(sync, service.absolute(path));
    },
  });
}

interface Volume {
  readonly sync: FsSyncLike;
  readonly service: ReturnType<typeof createFsBackedService>;
}

function openVolume(files: FileTree, outside: ReadonlyArray<[string, string]>): Volume {
  const { fs } = memfs();
  const sync = fs as unknown as FsSyncLike;
  seedFileTree(sync, ROOT, files);
  for (const [path, content] of outside) {
    sync.mkdirSync(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
    sync.writeFileSync(path, content);
  }
  const service = createFsBackedService(
    fs.promises as unknown as FsPromisesLike,
    fs.constants,
    ROOT,
  );
  return { sync, service };
}

/** A file's text through the synchronous API, or undefined when it is missing. */
export function readText(fs: FsSyncLike, abs: string): string | undefined {
  try {
    return new TextDecoder().decode(fs.readFileSync(abs));
  } catch {
    return undefined;
  }
}
