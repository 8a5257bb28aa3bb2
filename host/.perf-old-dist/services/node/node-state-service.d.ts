import type { StateService } from '../host-services.js';
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
export declare function createNodeStateService(options: NodeStateServiceOptions): NodeStateService;
//# sourceMappingURL=node-state-service.d.ts.map