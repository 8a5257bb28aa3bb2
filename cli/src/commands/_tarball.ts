import { gunzipSync, gzipSync } from 'node:zlib';
import { createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
import {
  decodeHeader,
  type ExtendedAttributes,
  encodeFile,
  padding,
  parsePax,
  type TarHeader,
} from './_tar-format.js';

/**
 * npm-compatible package tarballs: gzip of a ustar archive whose entries live under
 * `package/`. Written deterministically (sorted by the caller, npm's fixed mtime, uid/gid 0,
 * a gzip header without OS or time) so packing the same files twice gives the same bytes;
 * read back by `add`, `update`, `verify` and `sign` without extracting. The block format
 * (`_tar-format.ts`) reads every field as node-tar does, since npm extracts with node-tar.
 *
 * Tarballs come from registries and strangers, so reading is bounded before anything is
 * trusted: decompressed size, entry count, per-entry metadata size, path shape and entry types.
 */

/** One file of a tarball. */
export interface TarEntry {
  /** Path relative to the package root (the archive's first path segment removed). */
  readonly path: string;
  readonly content: Uint8Array;
  /** Whether the file is executable (written as mode 0755, else 0644). */
  readonly executable?: boolean;
}

/** Bounds applied while reading a tarball; each has a default fit for plugin packages. */
export interface TarballLimits {
  /** Most file entries (directories included). Default 10,000. */
  readonly maxEntries?: number;
  /** Most bytes of the decompressed archive, headers included. Default 256 MiB. */
  readonly maxTotalBytes?: number;
  /** Most bytes of one pax or GNU long-name header. Default 64 KiB. */
  readonly maxMetaBytes?: number;
  /** Longest entry path, in bytes. Default 1,024. */
  readonly maxPathBytes?: number;
}

const DEFAULT_LIMITS: Required<TarballLimits> = {
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxMetaBytes: 64 * 1024,
  maxPathBytes: 1024,
};

// npm packs every file with this mtime so tarballs do not depend on checkout times.
const NPM_MTIME = new Date(Date.UTC(1985, 9, 26, 8, 15, 0));

// Regular files are all a package needs; directories are implied by paths and skipped.
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const META_TYPES = new Set([
  'ExtendedHeader',
  'OldExtendedHeader',
  'GlobalExtendedHeader',
  'NextFileHasLongPath',
  'OldGnuLongPath',
  'NextFileHasLongLinkpath',
]);
// node-tar skips these (and unknown types) without extracting them.
const UNREAD_TYPES = new Set([
  'SolarisACL',
  'Inode',
  'ContinuationFile',
  'SparseFile',
  'TapeVolumeHeader',
  'Unsupported',
]);

/**
 * Build a gzipped npm-style tarball from `entries` (kept in the given order). `level` trades
 * size for speed (default 9, the smallest; tooling that re-packs large trees may pass 1).
 */
export function writeTarball(entries: readonly TarEntry[], level = 9): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const fields = {
      path: `package/${entry.path}`,
      mode: entry.executable === true ? 0o755 : 0o644,
      size: entry.content.length,
      mtime: NPM_MTIME,
    };
    blocks.push(...encodeFile(fields, entry.content));
  }
  blocks.push(Buffer.alloc(1024));
  const gzip = gzipSync(Buffer.concat(blocks), { level });
  // The OS byte of the gzip header as "unknown", so the bytes match across machines.
  gzip[9] = 0xff;
  return gzip;
}

/**
 * Read every file of a (gzipped) tarball, refusing what a package tarball never holds: links,
 * devices and other special entries, absolute or `..` paths, duplicated paths, and archives
 * over `limits`. Throws `TARBALL_INVALID` naming the first problem.
 */
export function readTarball(bytes: Uint8Array, limits: TarballLimits = {}): TarEntry[] {
  const bound = { ...DEFAULT_LIMITS, ...limits };
  const data = isGzip(bytes) ? gunzip(bytes, bound.maxTotalBytes) : Buffer.from(bytes);
  if (data.length > bound.maxTotalBytes) refuse(`it is larger than ${bound.maxTotalBytes} bytes`);
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let count = 0;
  let ex: ExtendedAttributes | undefined;
  let global: ExtendedAttributes | undefined;
  let sawNull = false;
  let sawHeader = false;
  let position = 0;
  while (position < data.length) {
    if (position + 512 > data.length) refuse('TAR_BAD_ARCHIVE: truncated input in a header');
    const header = decodeHeader(data.subarray(position, position + 512), ex, global);
    position += 512;
    if (header.nullBlock) {
      if (sawNull) break;
      sawNull = true;
      continue;
    }
    sawNull = false;
    sawHeader = true;
    checkHeader(header);
    const end = position + header.size;
    if (end + padding(header.size).length > data.length) {
      refuse(
        `TAR_BAD_ARCHIVE: truncated input: the archive ends inside ${JSON.stringify(header.path)}`,
      );
    }
    const body = data.subarray(position, end);
    position = end + padding(header.size).length;
    if (META_TYPES.has(header.type)) {
      if (header.size > bound.maxMetaBytes) {
        refuse(
          `a metadata header of ${header.size} bytes exceeds the ${bound.maxMetaBytes}-byte limit`,
        );
      }
      if (header.size > 0)
        ({ ex, global } = applyMeta(header.type, body.toString('utf8'), ex, global));
      continue;
    }
    ex = undefined;
    count += 1;
    if (count > bound.maxEntries) refuse(`it has more than ${bound.maxEntries} entries`);
    if (UNREAD_TYPES.has(header.type)) {
      refuse(`entry ${JSON.stringify(header.path)} of type ${header.type} cannot be read`);
    }
    const path = packagePath(header.path, bound.maxPathBytes);
    if (header.type === 'Directory' || path === '') continue;
    if (!FILE_TYPES.has(header.type)) {
      refuse(`"${path}" is a ${header.type} entry; a package holds only regular files`);
    }
    if (header.linkpath !== '') refuse(`TAR_ENTRY_INVALID: "${path}" is a file with a link path`);
    if (seen.has(path)) refuse(`"${path}" appears twice, so extraction would keep either`);
    seen.add(path);
    entries.push({
      path,
      content: Buffer.from(body),
      executable: ((header.mode ?? 0) & 0o111) !== 0,
    });
  }
  if (!sawHeader) refuse('TAR_BAD_ARCHIVE: it holds no tar entries');
  return entries;
}

/** What node-tar warns about in a header (an error in strict mode), and sizes it cannot hold. */
function checkHeader(header: TarHeader): void {
  if (!header.checksumValid) refuse('TAR_ENTRY_INVALID: checksum failure');
  if (header.path === '') refuse('TAR_ENTRY_INVALID: path is required');
  if (header.hugeSize) refuse(`entry ${JSON.stringify(header.path)} is 8 GiB or more`);
}

/** Record a pax or GNU long-name header for the entries after it, as node-tar does. */
function applyMeta(
  type: string,
  body: string,
  ex: ExtendedAttributes | undefined,
  global: ExtendedAttributes | undefined,
): { ex: ExtendedAttributes | undefined; global: ExtendedAttributes | undefined } {
  if (type === 'GlobalExtendedHeader') {
    const { path: _path, linkpath: _linkpath, ...shared } = parsePax(body, global);
    return { ex, global: checkPax(shared) };
  }
  if (type === 'ExtendedHeader' || type === 'OldExtendedHeader') {
    return { ex: checkPax(parsePax(body, ex)), global };
  }
  const key = type === 'NextFileHasLongLinkpath' ? 'linkpath' : 'path';
  return { ex: { ...ex, [key]: body.replace(/\0.*/, '') }, global };
}

// node-tar lets a pax `type` record rename the entry's type after it was checked.
function checkPax(attributes: ExtendedAttributes): ExtendedAttributes {
  if (attributes.type !== undefined) refuse('a pax header sets an entry type');
  return attributes;
}

/**
 * The entry's path inside the package: the first segment (npm's `package/`) removed, and
 * refused unless it is a plain relative path that stays inside the package.
 */
function packagePath(raw: string, maxBytes: number): string {
  if (Buffer.byteLength(raw) > maxBytes) refuse(`an entry path is longer than ${maxBytes} bytes`);
  const shown = JSON.stringify(raw);
  if (/[\0\\]/.test(raw) || /^[a-zA-Z]:/.test(raw)) {
    refuse(`entry ${shown} has a drive letter, backslash or NUL`);
  }
  if (raw.startsWith('/')) refuse(`entry ${shown} is an absolute path`);
  const segments = raw.replace(/\/+$/, '').split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) {
    refuse(`entry ${shown} has an empty, "." or ".." segment`);
  }
  return segments.slice(1).join('/');
}

function gunzip(bytes: Uint8Array, maxTotalBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxTotalBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      refuse(`it decompresses to more than ${maxTotalBytes} bytes`);
    }
    throw tarballError(`its gzip stream is broken (${(error as Error).message})`, error);
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function tarballError(detail: string, cause?: unknown): Error {
  return createError(cliErrors.TARBALL_INVALID, { detail }, { cause });
}

function refuse(detail: string): never {
  throw tarballError(detail);
}
