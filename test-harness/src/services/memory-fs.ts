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
import { createWorkspaceFs, type WorkspaceFs } from './workspace-fs.js';

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
  const { fs } = memfs();
  const sync = fs as unknown as FsSyncLike;
  seedFileTree(sync, ROOT, options.files ?? {});
  for (const [path, content] of Object.entries(options.outside ?? {})) {
    if (!path.startsWith('/') || path === ROOT || path.startsWith(`${ROOT}/`)) {
      throw new Error(`"outside" paths must be absolute and outside ${ROOT}: "${path}"`);
    }
    sync.mkdirSync(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
    sync.writeFileSync(path, content);
  }
  const log = new SpyLog(options.sequence);
  const service = createFsBackedService(
    fs.promises as unknown as FsPromisesLike,
    fs.constants,
    ROOT,
  );
  return createWorkspaceFs(service, log, {
    root: ROOT,
    tree: () => snapshotFileTree(sync, ROOT),
    read: (path: string) => readText(sync, service.absolute(path)),
  });
}

/** A file's text through the synchronous API, or undefined when it is missing. */
export function readText(fs: FsSyncLike, abs: string): string | undefined {
  try {
    return new TextDecoder().decode(fs.readFileSync(abs));
  } catch {
    return undefined;
  }
}
