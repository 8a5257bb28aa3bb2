import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { createError } from '@stack-plugin/pdk';
import { frameRecord, OP_DELETE, OP_SET, readJournal } from './_journal.js';
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
export function createNodeStateService(options) {
    const compactAfter = options.compactAfterBytes ?? 1024 * 1024;
    const scopes = new Map();
    let closed = false;
    const scopeOf = (scope) => {
        if (closed)
            return Promise.reject(createError('INTERNAL', { detail: 'the state service is closed' }));
        let found = scopes.get(scope);
        if (found === undefined) {
            found = openScope(join(options.dir, fileName(scope)));
            // A failed open is retried on the next call instead of being cached.
            found.catch(() => scopes.delete(scope));
            scopes.set(scope, found);
        }
        return found;
    };
    const flush = async (s) => {
        while (s.queue.length > 0) {
            const batch = s.queue.splice(0);
            const data = Buffer.concat(batch.map((p) => p.record));
            try {
                await s.handle.write(data, 0, data.byteLength, null);
                await s.handle.datasync();
            }
            catch (error) {
                // Cut a partial append so later records do not land behind garbage.
                await s.handle.truncate(s.size).catch(() => { });
                for (const p of batch)
                    p.reject(error);
                continue;
            }
            s.size += data.byteLength;
            for (const p of batch) {
                p.apply();
                p.resolve();
            }
            let live = 0;
            for (const [, [, size]] of s.values)
                live += size;
            if (s.size > compactAfter && s.size > 2 * live)
                await compact(s).catch(() => { });
        }
    };
    const append = async (scope, record, apply) => {
        const s = await scopeOf(scope);
        const done = new Promise((resolve, reject) => {
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
            let bytes;
            try {
                bytes = serialize(value);
            }
            catch (error) {
                throw createError('STATE_VALUE_INVALID', { key, detail: String(error.message).replace(/\.$/, '') }, { cause: error });
            }
            const record = frameRecord(serialize([OP_SET, key, bytes]));
            const s = await scopeOf(scope);
            await append(scope, record, () => s.values.set(key, [bytes, record.byteLength]));
        },
        async delete(scope, key) {
            const s = await scopeOf(scope);
            // Nothing to delete unless a write that may set it is still in flight.
            if (!s.values.has(key) && s.flushing === undefined)
                return;
            await append(scope, frameRecord(serialize([OP_DELETE, key])), () => s.values.delete(key));
        },
        async keys(scope) {
            return [...(await scopeOf(scope)).values.keys()].sort();
        },
        async close() {
            closed = true;
            for (const pending of scopes.values()) {
                const s = await pending.catch(() => undefined);
                if (s === undefined)
                    continue;
                await s.flushing;
                await s.handle.close();
            }
            scopes.clear();
        },
    };
    async function openScope(path) {
        await mkdir(options.dir, { recursive: true });
        // A compaction interrupted before its rename leaves only a stale temporary file.
        await rm(`${path}.tmp`, { force: true });
        const data = await readFile(path).catch((error) => {
            if (error.code === 'ENOENT')
                return Buffer.alloc(0);
            throw error;
        });
        const { entries, validBytes } = readJournal(data);
        const values = new Map();
        for (const entry of entries) {
            if (entry.op === OP_SET && entry.value !== undefined)
                values.set(entry.key, [entry.value, entry.size]);
            else
                values.delete(entry.key);
        }
        const handle = await open(path, 'a');
        if (validBytes < data.byteLength) {
            await handle.truncate(validBytes);
            await handle.datasync();
        }
        if (data.byteLength === 0)
            await syncDir(options.dir);
        return { path, handle, size: validBytes, values, queue: [], flushing: undefined };
    }
    async function compact(s) {
        const temp = `${s.path}.tmp`;
        const parts = [];
        const sizes = new Map();
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
        }
        finally {
            await out.close();
        }
        await rename(temp, s.path);
        await syncDir(options.dir);
        await s.handle.close();
        s.handle = await open(s.path, 'a');
        s.size = data.byteLength;
        for (const [key, size] of sizes)
            s.values.get(key)[1] = size;
    }
}
/** A file name for a scope that is safe on every file system and unique per scope. */
function fileName(scope) {
    const readable = scope.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 80);
    const hash = createHash('sha256').update(scope).digest('hex').slice(0, 16);
    return `${readable}-${hash}.journal`;
}
async function syncDir(dir) {
    const handle = await open(dir, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
//# sourceMappingURL=node-state-service.js.map