import type { FsService } from '@stack-plugin/host';
import type { FileTreeSnapshot } from './file-tree.js';
import type { ServiceCall, SpyLog } from './spy-log.js';

/** One file write that reached the workspace. */
export interface FileWrite {
  readonly path: string;
  readonly data: Uint8Array;
  /** The data as UTF-8 text (lossy for binary data). */
  readonly text: string;
  readonly ok: boolean;
}

/**
 * The file service of a test workspace (in memory or in a temp directory), with its spy record
 * and a readable tree for snapshots.
 */
export interface WorkspaceFs extends FsService {
  /** Every call that reached the service (after the host's permission check), in order. */
  readonly calls: readonly ServiceCall[];
  /** Every `writeFile` that reached the service, in order. */
  readonly writes: readonly FileWrite[];
  /** Absolute path of the workspace root inside the backend (`/workspace` for memfs). */
  readonly root: string;
  /** The whole workspace as `relative/path -> content`, sorted, for snapshots. */
  tree(): FileTreeSnapshot;
  /** A file's text, or undefined when it does not exist (reads without recording a call). */
  read(path: string): string | undefined;
  /** Forgets the recorded calls (the files stay). */
  clearCalls(): void;
}

const decoder = new TextDecoder();

/** The `FsService` methods a workspace records, in the contract's order. */
export const FS_METHODS = [
  'realpath',
  'readFile',
  'writeFile',
  'readdir',
  'stat',
  'exists',
  'mkdir',
  'rm',
] as const satisfies ReadonlyArray<keyof FsService>;

/**
 * The {@link WorkspaceFs} over `service`: every method wrapped so its calls land in `log`,
 * plus the record views and snapshot helpers.
 */
export function createWorkspaceFs(
  service: FsService,
  log: SpyLog,
  parts: Pick<WorkspaceFs, 'root' | 'tree' | 'read'>,
): WorkspaceFs {
  const spied: Record<string, unknown> = {};
  for (const method of FS_METHODS) {
    const fn = service[method] as (...args: unknown[]) => Promise<unknown>;
    spied[method] = (...args: unknown[]) => log.track(method, args, () => fn.apply(service, args));
  }
  return Object.defineProperties(spied, {
    root: { value: parts.root, enumerable: true },
    tree: { value: parts.tree },
    read: { value: parts.read },
    clearCalls: { value: () => log.clear() },
    calls: { get: () => log.calls },
    writes: { get: () => fileWrites(log.calls) },
  }) as unknown as WorkspaceFs;
}

/** The writes among recorded fs calls. */
export function fileWrites(calls: readonly ServiceCall[]): FileWrite[] {
  return calls
    .filter((call) => call.method === 'writeFile')
    .map((call) => {
      const data = call.args[1] instanceof Uint8Array ? call.args[1] : new Uint8Array();
      return { path: String(call.args[0]), data, text: decoder.decode(data), ok: call.ok };
    });
}
