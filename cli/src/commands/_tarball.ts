import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * npm-compatible package tarballs: gzip of a ustar archive whose entries live under `package/`.
 * Written deterministically (sorted entries, npm's fixed mtime, uid/gid 0) so packing the same
 * files twice gives the same bytes; read back by `verify` and `sign` without extracting.
 */

/** One file of a tarball. `content` is `null` for an entry that is not a regular file. */
export interface TarEntry {
  /** Path relative to the package root (the archive's first path segment removed). */
  readonly path: string;
  readonly content: Uint8Array | null;
  /** Whether the file is executable (written as mode 0755, else 0644). */
  readonly executable?: boolean;
}

// npm packs every file with this mtime so tarballs do not depend on checkout times.
const NPM_MTIME = Math.floor(Date.UTC(1985, 9, 26, 8, 15, 0) / 1000);
const BLOCK = 512;

/**
 * Build a gzipped npm-style tarball from `entries` (kept in the given order). `level` trades
 * size for speed (default 9, the smallest; tooling that re-packs large trees may pass 1).
 */
export function writeTarball(entries: readonly TarEntry[], level = 9): Buffer {
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    if (entry.content === null) continue;
    const name = `package/${entry.path}`;
    const split = splitUstarName(name);
    if (split === undefined) {
      const record = paxRecord('path', name);
      chunks.push(header({ name: 'PaxHeader', size: record.length, type: 'x' }), pad(record));
    }
    const content = Buffer.from(entry.content);
    chunks.push(
      header({
        name: split?.name ?? name.slice(-100),
        prefix: split?.prefix ?? '',
        size: content.length,
        type: '0',
        mode: entry.executable === true ? 0o755 : 0o644,
      }),
      pad(content),
    );
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(chunks), { level });
}

/**
 * Read every entry of a (gzipped) tarball. Directories are skipped; links and other special
 * entries come back with `content: null` so a verifier refuses them.
 */
export function readTarball(bytes: Uint8Array): TarEntry[] {
  const data = isGzip(bytes) ? gunzipSync(bytes) : Buffer.from(bytes);
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= data.length) {
    const block = data.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    if (!checksumOk(block)) throw new Error(`corrupt tar header at byte ${offset}`);
    const size = readOctal(block, 124, 12);
    const type = String.fromCharCode(block[156] ?? 0);
    const body = data.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = parsePax(body).path ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'g') continue;
    const prefix = readString(block, 345, 155);
    const name = longName ?? (prefix === '' ? '' : `${prefix}/`) + readString(block, 0, 100);
    longName = undefined;
    if (type === '5') continue;
    const path = name.split('/').slice(1).join('/');
    if (path === '') continue;
    const regular = type === '0' || type === '\0' || type === '7';
    const mode = readOctal(block, 100, 8);
    entries.push({
      path,
      content: regular ? Buffer.from(body) : null,
      executable: (mode & 0o111) !== 0,
    });
  }
  return entries;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function splitUstarName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) {
      return { name: rest, prefix };
    }
  }
  return undefined;
}

function header(h: { name: string; prefix?: string; size: number; type: string; mode?: number }) {
  const block = Buffer.alloc(BLOCK);
  block.write(h.name, 0, 100, 'utf8');
  writeOctal(block, h.mode ?? 0o644, 100, 8);
  writeOctal(block, 0, 108, 8);
  writeOctal(block, 0, 116, 8);
  writeOctal(block, h.size, 124, 12);
  writeOctal(block, NPM_MTIME, 136, 12);
  block.write(h.type, 156, 1, 'latin1');
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(h.prefix ?? '', 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return block;
}

function checksumOk(block: Buffer): boolean {
  const stored = readOctal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === stored;
}

function writeOctal(block: Buffer, value: number, offset: number, length: number) {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'latin1');
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = block
    .toString('latin1', offset, offset + length)
    .replace(/[\0 ]+$/g, '')
    .trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function readString(block: Buffer, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? length : end).toString('utf8');
}

function pad(content: Buffer): Buffer {
  const rest = content.length % BLOCK;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(BLOCK - rest)]);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) {
    length = Buffer.byteLength(`${length}${body}`);
  }
  return Buffer.from(`${length}${body}`, 'utf8');
}

function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(body.toString('latin1', offset, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.toString('utf8', space + 1, offset + length - 1);
    const eq = record.indexOf('=');
    if (eq !== -1) records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}
