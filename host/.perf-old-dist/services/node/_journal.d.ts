/**
 * The state journal's record format: `[u32 payload length][u32 crc32 of payload][payload]`,
 * little-endian, where the payload is a V8-serialized `[op, key, value?]`. A record torn by a
 * crash fails the length or checksum test, and everything from it on is ignored.
 */
export declare const HEADER_BYTES = 8;
/** Operation codes of journal records. */
export declare const OP_SET = 1;
/** Deletes a key. */
export declare const OP_DELETE = 2;
/** Frames a serialized payload as one journal record. */
export declare function frameRecord(payload: Uint8Array): Buffer;
/** One decoded record; `value` stays serialized so readers always get fresh copies. */
export interface JournalEntry {
    readonly op: number;
    readonly key: string;
    readonly value?: Buffer;
    /** Size of the whole framed record. */
    readonly size: number;
}
/**
 * Decodes records from the start of `data` and returns them with the length of the valid
 * prefix. Decoding stops at the first incomplete, corrupt or undecodable record: with an
 * append-only file, that can only be the tail a crash tore.
 */
export declare function readJournal(data: Buffer): {
    entries: JournalEntry[];
    validBytes: number;
};
//# sourceMappingURL=_journal.d.ts.map