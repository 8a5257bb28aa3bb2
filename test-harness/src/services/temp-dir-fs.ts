import * as nodeFs from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFsBackedService,
  type FsPromisesLike,
  type FsSyncLike,
  seedFileTree,
  snapshotFileTree,
} from './_fs-backed-service.js';
import type { FileTree } from './file-tree.js';
import { readText } from './memory-fs.js';
import { SpyLog, type SpySequence } from './spy-log.js';
import { createWorkspaceFs, type WorkspaceFs } from './workspace-fs.js';

/** Options of {@link createTempDirFs}. */
export interface TempDirFsOptions {
  /** The initial files of the workspace. */
  readonly files?: FileTree;
  /** Shares `seq` numbering with the other services of one test host. */
  readonly sequence?: SpySequence;
}

/** A workspace in a real temporary folder; `dispose()` deletes it. */
export interface TempDirFs extends WorkspaceFs {
  /** Deletes the temporary folder. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * A workspace in a fresh folder under the OS temp directory, for plugins whose tests need real
 * files (a tool run through `exec` that reads them, file modes, real symlink resolution).
 * Same contract and spy record as {@link createMemoryFs}.
 */
export async function createTempDirFs(options: TempDirFsOptions = {}): Promise<TempDirFs> {
  // realpath: the OS temp dir may itself be a link (macOS), and the root must be canonical.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'stack-plugin-test-')));
  const sync = nodeFs as unknown as FsSyncLike;
  seedFileTree(sync, root, options.files ?? {});
  const log = new SpyLog(options.sequence);
  const service = createFsBackedService(
    nodeFs.promises as unknown as FsPromisesLike,
    nodeFs.constants,
    root,
  );
  let disposed: Promise<void> | undefined;
  const workspace = createWorkspaceFs(service, log, {
    root,
    tree: () => snapshotFileTree(sync, root),
    read: (path: string) => readText(sync, service.absolute(path)),
  });
  return Object.assign(workspace, {
    dispose: () => {
      disposed ??= rm(root, { recursive: true, force: true });
      return disposed;
    },
  });
}
