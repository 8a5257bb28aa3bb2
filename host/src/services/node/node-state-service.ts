import { createHash } from 'node:crypto';
import { access, type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { createError, pdkErrors, toClause } from '@stack-plugin/pdk';
import type { StateService } from '../host-services.js';
import { legacyStateScope } from '../state-scopes.js';
import { frameRecord, OP_DELETE, OP_SET, readJournal } from './_journal.js';

/** Options of {@link createNodeStateService}. */
export interface NodeStateServiceOptions {
  /** Folder of the journals, one file per scope; created when missing. */
  readonly dir: string;
  /**
   * Rewrite a journal once it is larger than this many bytes and more than twice its live
   * data (default 1 MiB).
   */
  readonly compactAfterBytes?: number;
}

/** The durable state store, with a way to release its files. */
export interface NodeStateService extends StateService {
  /** Waits for pending writes and closes every journal. The service must not be used after. */
  close(): Promise<void>;
}

interface Pending {
  readonly record: Buffer;
  readonly apply: () => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Scope {
  readonly path: string;
  handle: FileHandle;
  size: number;
  /** Live key -> [serialized value, size of the record that set it]. */
  readonly values: Map<string, [Buffer, number]>;
  readonly queue: Pending[];
  flushing: Promise<void> | undefined;
}

/**
 * Durable, crash-safe key-value state: one append-only journal per scope.
 *
 * Each `set`/`delete` appends a checksummed record and resolves only after `fdatasync`, so a
 * resolved write survives `kill -9` and power loss (on file systems that honour it).
 * Concurrent writes to a scope share one write and one sync (group commit). On open, a torn
 * tail is cut off. When a journal grows past `compactAfterBytes` and more than twice its live
 * data, the live entries are written to a temporary file, synced, renamed over the journal and
 * the folder synced, so a crash at any point leaves either the old or the new journal.
 * Values are stored with the structured-clone serializer (`node:v8`) and every `get` returns
 * a fresh copy. One process per state folder: two hosts sharing one would interleave writes.
 */
export function createNodeStateService(options: NodeStateServiceOptions): NodeStateService {
  const compactAfter = options.compactAfterBytes ?? 1024 * 1024;
  const scopes = new Map<string, Promise<Scope>>();
  let closed = false;

  const scopeOf = (scope: string): Promise<Scope> => {
    if (closed)
      return Promise.reject(
        createError(pdkErrors.INTERNAL, { detail: 'the state service is closed' }),
      );
    let found = scopes.get(scope);
    if (found === undefined) {
      found = openScope(join(options.dir, fileName(scope)), legacyStateScope(scope));
      // A failed open is retried on the next call instead of being cached.
      found.catch(() => scopes.delete(scope));
      scopes.set(scope, found);
    }
    return found;
  };

  const flush = async (s: Scope) => {
    while (s.queue.length > 0) {
      const batch = s.queue.splice(0);
      const data = Buffer.concat(batch.map((p) => p.record));
      try {
        await s.handle.write(data, 0, data.byteLength, null);
        await s.handle.datasync();
      } catch (error) {
        // Cut a partial append so later records do not land behind garbage.
        await s.handle.truncate(s.size).catch(() => {});
        for (const p of batch) p.reject(error);
        continue;
      }
      s.size += data.byteLength;
      for (const p of batch) {
        p.apply();
        p.resolve();
      }
      let live = 0;
      for (const [, [, size]] of s.values) live += size;
      if (s.size > compactAfter && s.size > 2 * live) await compact(s).catch(() => {});
    }
  };

  const append = async (scope: string, record: Buffer, apply: () => void) => {
    const s = await scopeOf(scope);
    const done = new Promise<void>((resolve, reject) => {
      s.queue.push({ record, apply, resolve, reject });
    });
    s.flushing ??= flush(s).finally(() => {
      s.flushing = undefined;
    });
    return done;
  };

  return {
    async get(scope, key) {
      const entry = (await scopeOf(scope)).values.get(key);
      return entry === undefined ? undefined : deserialize(entry[0]);
    },
    async set(scope, key, value) {
      let bytes: Buffer;
      try {
        bytes = serialize(value);
      } catch (error) {
        throw createError(
          pdkErrors.STATE_VALUE_INVALID,
          { key, detail: toClause(error) },
          { cause: error },
        );
      }
      const record = frameRecord(serialize([OP_SET, key, bytes]));
      const s = await scopeOf(scope);
      await append(scope, record, () => s.values.set(key, [bytes, record.byteLength]));
    },
    async delete(scope, key) {
      const s = await scopeOf(scope);
      // Nothing to delete unless a write that may set it is still in flight.
      if (!s.values.has(key) && s.flushing === undefined) return;
      await append(scope, frameRecord(serialize([OP_DELETE, key])), () => s.values.delete(key));
    },
    async keys(scope) {
      return [...(await scopeOf(scope)).values.keys()].sort();
    },
    async close() {
      closed = true;
      for (const pending of scopes.values()) {
        const s = await pending.catch(() => undefined);
        if (s === undefined) continue;
        await s.flushing;
        await s.handle.close();
      }
      scopes.clear();
    },
  };

  async function openScope(path: string, legacy: string | undefined): Promise<Scope> {
    await mkdir(options.dir, { recursive: true });
    // A journal written before stores were namespaced is taken over by its new name, once
    // (never over a journal the new name already has).
    if (legacy !== undefined && !(await exists(path))) {
      const moved = await rename(join(options.dir, fileName(legacy)), path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      if (moved) await syncDir(options.dir);
    }
    // A compaction interrupted before its rename leaves only a stale temporary file.
    await rm(`${path}.tmp`, { force: true });
    const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const { entries, validBytes } = readJournal(data);
    const values = new Map<string, [Buffer, number]>();
    for (const entry of entries) {
      if (entry.op === OP_SET && entry.value !== undefined)
        values.set(entry.key, [entry.value, entry.size]);
      else values.delete(entry.key);
    }
    const handle = await open(path, 'a');
    if (validBytes < data.byteLength) {
      await handle.truncate(validBytes);
      await handle.datasync();
    }
    if (data.byteLength === 0) await syncDir(options.dir);
    return { path, handle, size: validBytes, values, queue: [], flushing: undefined };
  }

  async function compact(s: Scope) {
    const temp = `${s.path}.tmp`;
    const parts: Buffer[] = [];
    const sizes = new Map<string, number>();
    for (const [key, [bytes]] of s.values) {
      const record = frameRecord(serialize([OP_SET, key, bytes]));
      parts.push(record);
      sizes.set(key, record.byteLength);
    }
    const data = Buffer.concat(parts);
    const out = await open(temp, 'w');
    try {
      await out.writeFile(data);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(temp, s.path);
    await syncDir(options.dir);
    await s.handle.close();
    s.handle = await open(s.path, 'a');
    s.size = data.byteLength;
    for (const [key, size] of sizes) s.values.get(key)![1] = size;
  }
}

/** A file name for a scope that is safe on every file system and unique per scope. */
function fileName(scope: string): string {
  const readable = scope.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(scope).digest('hex').slice(0, 16);
  return `${readable}-${hash}.journal`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
