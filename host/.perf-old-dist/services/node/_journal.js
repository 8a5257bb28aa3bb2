import { deserialize } from 'node:v8';
import { crc32 } from 'node:zlib';
/**
 * The state journal's record format: `[u32 payload length][u32 crc32 of payload][payload]`,
 * little-endian, where the payload is a V8-serialized `[op, key, value?]`. A record torn by a
 * crash fails the length or checksum test, and everything from it on is ignored.
 */
export const HEADER_BYTES = 8;
/** Operation codes of journal records. */
export const OP_SET = 1;
/** Deletes a key. */
export const OP_DELETE = 2;
/** Frames a serialized payload as one journal record. */
export function frameRecord(payload) {
    const record = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
    record.writeUInt32LE(payload.byteLength, 0);
    record.writeUInt32LE(crc32(payload), 4);
    record.set(payload, HEADER_BYTES);
    return record;
}
/**
 * Decodes records from the start of `data` and returns them with the length of the valid
 * prefix. Decoding stops at the first incomplete, corrupt or undecodable record: with an
 * append-only file, that can only be the tail a crash tore.
 */
export function readJournal(data) {
    const entries = [];
    let offset = 0;
    while (offset + HEADER_BYTES <= data.byteLength) {
        const length = data.readUInt32LE(offset);
        const end = offset + HEADER_BYTES + length;
        if (end > data.byteLength)
            break;
        const payload = data.subarray(offset + HEADER_BYTES, end);
        if (crc32(payload) !== data.readUInt32LE(offset + 4))
            break;
        let decoded;
        try {
            decoded = deserialize(payload);
        }
        catch {
            break;
        }
        if (!Array.isArray(decoded) || typeof decoded[1] !== 'string')
            break;
        const [op, key, value] = decoded;
        if (op !== OP_SET && op !== OP_DELETE)
            break;
        entries.push({
            op,
            key,
            ...(value === undefined ? {} : { value: Buffer.from(value) }),
            size: end - offset,
        });
        offset = end;
    }
    return { entries, validBytes: offset };
}
//# sourceMappingURL=_journal.js.map