import { posix } from 'node:path';

/**
 * The ustar/pax block format, as far as npm package tarballs use it, with node-tar's reading
 * of every field (npm extracts with node-tar, so what this reads is what npm puts on disk):
 * the same prefix join, octal parsing, pax records, GNU long names, null blocks and checksum.
 * Writing reproduces node-tar's bytes for regular files, so `stack-plugin pack` output did not
 * change when node-tar was dropped (a test compares the two).
 */

/** Type names by type flag (node-tar's names; `''` is the pre-POSIX regular file). */
export const TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['0', 'File'],
  ['', 'OldFile'],
  ['1', 'Link'],
  ['2', 'SymbolicLink'],
  ['3', 'CharacterDevice'],
  ['4', 'BlockDevice'],
  ['5', 'Directory'],
  ['6', 'FIFO'],
  ['7', 'ContiguousFile'],
  ['g', 'GlobalExtendedHeader'],
  ['x', 'ExtendedHeader'],
  ['A', 'SolarisACL'],
  ['D', 'GNUDumpDir'],
  ['I', 'Inode'],
  ['K', 'NextFileHasLongLinkpath'],
  ['L', 'NextFileHasLongPath'],
  ['M', 'ContinuationFile'],
  ['N', 'OldGnuLongPath'],
  ['S', 'SparseFile'],
  ['V', 'TapeVolumeHeader'],
  ['X', 'OldExtendedHeader'],
]);

/** Types that describe a file system entry; pax and long-name headers apply only to these. */
const FS_TYPES = new Set(['0', '', '1', '2', '3', '4', '5', '6', '7', 'D']);

/** What pax and GNU long-name headers say about the entries after them. */
export interface ExtendedAttributes {
  path?: string;
  linkpath?: string;
  size?: number;
  mode?: number;
  /** A `type` record: node-tar lets it rename an entry's type, so readers refuse it. */
  type?: string;
}

/** One header block, decoded. */
export interface TarHeader {
  /** The type flag (`''` for NUL). */
  readonly flag: string;
  /** node-tar's name of the type, or `Unsupported`. */
  readonly type: string;
  readonly path: string;
  readonly linkpath: string;
  readonly mode: number | undefined;
  /** Body bytes that follow the header (0 for directories). */
  readonly size: number;
  /** Whether the header describes a file system entry (else it is pax or a long name). */
  readonly fsEntry: boolean;
  readonly checksumValid: boolean;
  /** An empty block: two in a row end the archive. */
  readonly nullBlock: boolean;
  /** A size field in base-256, used only by entries of 8 GiB and more. */
  readonly hugeSize: boolean;
}

const decodeString = (block: Uint8Array, offset: number, size: number): string =>
  Buffer.from(block.buffer, block.byteOffset + offset, size)
    .toString('utf8')
    .replace(/\0.*/, '');

function decodeNumber(block: Uint8Array, offset: number, size: number): number | undefined {
  const text = Buffer.from(block.buffer, block.byteOffset + offset, size)
    .toString('utf8')
    .replace(/\0.*$/, '')
    .trim();
  const value = Number.parseInt(text, 8);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * Decode the 512-byte header at `block`, applying the pending per-entry (`ex`) and global
 * (`global`) attributes to a file system entry as node-tar does.
 */
export function decodeHeader(
  block: Uint8Array,
  ex: ExtendedAttributes | undefined,
  global: ExtendedAttributes | undefined,
): TarHeader {
  const flag = block[156] === 0 ? '' : String.fromCharCode(block[156] ?? 0);
  const fsEntry = FS_TYPES.has(flag);
  const own = fsEntry ? ex : undefined;
  const shared = fsEntry ? global : undefined;
  let path = own?.path ?? decodeString(block, 0, 100);
  const hugeSize = ((block[124] ?? 0) & 0x80) !== 0;
  const rawSize = hugeSize ? undefined : decodeNumber(block, 124, 12);
  let size = own?.size ?? shared?.size ?? rawSize;
  if (size === undefined || size < 0) size = 0;
  const mode = own?.mode ?? shared?.mode ?? decodeNumber(block, 100, 8);
  // node-tar reads a NUL flag as '0', and a '0' whose path ends in '/' as a directory.
  let type = flag === '' ? 'File' : (TYPE_NAMES.get(flag) ?? 'Unsupported');
  if (type === 'File' && path.endsWith('/')) type = 'Directory';
  if (type === 'Directory') size = 0;
  if (decodeString(block, 257, 8) === 'ustar' && decodeString(block, 263, 2) === '00') {
    const long = block[475] !== 0;
    const prefix = decodeString(block, 345, long ? 155 : 130);
    if (long || prefix !== '') path = `${prefix}/${path}`;
  }
  // An extended header's path replaces the joined one (node-tar's entry takes it last).
  if (own?.path !== undefined) path = own.path;
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i] ?? 0;
  for (let i = 156; i < 512; i++) sum += block[i] ?? 0;
  const checksum = decodeNumber(block, 148, 12);
  return {
    flag,
    type,
    path,
    linkpath: decodeString(block, 157, 100),
    mode,
    size,
    fsEntry,
    checksumValid: sum === checksum,
    nullBlock: checksum === undefined && sum === 8 * 0x20,
    hugeSize,
  };
}

/** Parse a pax body into `into` (node-tar's record rules: a bad length skips the record). */
export function parsePax(body: string, into: ExtendedAttributes = {}): ExtendedAttributes {
  const parsed: ExtendedAttributes = {};
  for (const line of body.replace(/\n$/, '').split('\n')) {
    const length = Number.parseInt(line, 10);
    if (length !== Buffer.byteLength(line) + 1) continue;
    const [key, ...rest] = line.slice(`${length} `.length).split('=');
    if (!key) continue;
    const value = rest.join('=').replace(/\0.*/, '');
    if (key === 'path' || key === 'linkpath' || key === 'type') parsed[key] = value;
    else if (key === 'mode') parsed.mode = +value;
    else if (key === 'size' && /^(?:0|[1-9]\d*)$/.test(value.trim())) {
      if (Number.isSafeInteger(+value)) parsed.size = +value;
    }
  }
  return { ...into, ...parsed };
}

// --- writing ---------------------------------------------------------------------------

/** A regular file's header fields. */
export interface FileHeader {
  readonly path: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: Date;
}

const pad = (value: number, size: number): string => {
  const digits = Math.floor(value).toString(8);
  return digits.length === size - 1
    ? `${digits}\0`
    : `${'0'.repeat(size - digits.length - 2)}${digits} \0`;
};

/** Write `text` NUL-padded into `size` bytes; whether it did not fit as plain ASCII. */
function writeString(block: Buffer, offset: number, size: number, text: string): boolean {
  block.write(text + '\0'.repeat(155), offset, size, 'utf8');
  return text.length !== Buffer.byteLength(text) || text.length > size;
}

/** node-tar's split of a path into a ustar name (100 bytes) and prefix (155 bytes). */
function splitPrefix(path: string): [name: string, prefix: string, needPax: boolean] {
  if (Buffer.byteLength(path) < 100) return [path, '', false];
  let name = posix.basename(path);
  let prefix = posix.dirname(path);
  const root = posix.parse(path).root || '.';
  do {
    if (Buffer.byteLength(name) <= 100 && Buffer.byteLength(prefix) <= 155) {
      return [name, prefix, false];
    }
    if (Buffer.byteLength(prefix) <= 155) return [name.slice(0, 99), prefix, true];
    name = posix.join(posix.basename(prefix), name);
    prefix = posix.dirname(prefix);
  } while (prefix !== root);
  return [path.slice(0, 99), '', true];
}

/** One header block; returns it and whether the fields need a pax header before it. */
function encodeHeader(fields: FileHeader & { type: string }): [Buffer, boolean] {
  const block = Buffer.alloc(512);
  const [name, prefix, split] = splitPrefix(fields.path);
  let needPax = split;
  needPax = writeString(block, 0, 100, name) || needPax;
  block.write(pad(fields.mode, 8), 100, 8, 'ascii');
  block.write(pad(0, 8), 108, 8, 'ascii');
  block.write(pad(0, 8), 116, 8, 'ascii');
  block.write(pad(fields.size, 12), 124, 12, 'ascii');
  block.write(pad(fields.mtime.getTime() / 1000, 12), 136, 12, 'ascii');
  block[156] = fields.type.charCodeAt(0);
  block.write('ustar\u000000', 257, 8);
  block.write(pad(0, 8), 329, 8, 'ascii');
  block.write(pad(0, 8), 337, 8, 'ascii');
  needPax = writeString(block, 345, 155, prefix) || needPax;
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i] ?? 0;
  for (let i = 156; i < 512; i++) sum += block[i] ?? 0;
  block.write(pad(sum, 8), 148, 8, 'ascii');
  return [block, needPax];
}

function paxRecord(key: string, value: string | number): string {
  const line = ` ${key}=${value}\n`;
  const length = Buffer.byteLength(line);
  let digits = Math.floor(Math.log(length) / Math.log(10)) + 1;
  if (length + digits >= 10 ** digits) digits += 1;
  return `${digits + length}${line}`;
}

/** A regular file's blocks: [pax header and body,] header, content, padding. */
export function encodeFile(fields: FileHeader, content: Uint8Array): Buffer[] {
  const [header, needPax] = encodeHeader({ ...fields, type: '0' });
  const blocks: Buffer[] = [];
  if (needPax) {
    const body = Buffer.from(
      paxRecord('path', fields.path) +
        paxRecord('gid', 0) +
        paxRecord('mtime', fields.mtime.getTime() / 1000) +
        paxRecord('size', fields.size) +
        paxRecord('uid', 0),
    );
    const [paxHeader] = encodeHeader({
      path: `PaxHeader/${posix.basename(fields.path)}`.slice(0, 99),
      mode: 0o644,
      size: body.length,
      mtime: fields.mtime,
      type: 'x',
    });
    blocks.push(paxHeader, body, padding(body.length));
  }
  blocks.push(header, Buffer.from(content), padding(content.length));
  return blocks;
}

/** Zero bytes up to the next 512-byte boundary after `size` bytes. */
export function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}
