import { gunzipSync } from 'node:zlib';
import { createError } from '@stack-plugin/pdk';
import { Header, PackSync, Parser, ReadEntry } from 'tar';
import { cliErrors } from '../cli-errors.js';

/**
 * npm-compatible package tarballs on node-tar (what npm itself uses): gzip of a ustar archive
 * whose entries live under `package/`. Written deterministically (sorted by the caller, npm's
 * fixed mtime, uid/gid 0, a gzip header without OS or time) so packing the same files twice
 * gives the same bytes; read back by `add`, `update`, `verify` and `sign` without extracting.
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
const SKIPPED_TYPES = new Set(['Directory']);

/**
 * Build a gzipped npm-style tarball from `entries` (kept in the given order). `level` trades
 * size for speed (default 9, the smallest; tooling that re-packs large trees may pass 1).
 */
export function writeTarball(entries: readonly TarEntry[], level = 9): Buffer {
  // `portable` on the gzip stream only: it zeroes the OS byte so the bytes match across
  // machines. Pack's own `portable` would drop uid/gid, which we write as 0 instead.
  const pack = new PackSync({ gzip: { level, portable: true }, mtime: NPM_MTIME, strict: true });
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const entry of entries) {
    const content = Buffer.from(entry.content);
    const header = new Header({
      path: `package/${entry.path}`,
      type: 'File',
      mode: entry.executable === true ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      size: content.length,
      mtime: NPM_MTIME,
    });
    const source = new ReadEntry(header);
    pack.write(source);
    source.end(content);
  }
  pack.end();
  return Buffer.concat(chunks);
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
  let problem: Error | undefined;
  const fail = (error: Error) => {
    problem ??= error;
  };
  const parser = new Parser({
    strict: true,
    maxMetaEntrySize: bound.maxMetaBytes,
    onReadEntry: (entry: ReadEntry) => {
      if (problem !== undefined) return entry.resume();
      try {
        count += 1;
        if (count > bound.maxEntries) refuse(`it has more than ${bound.maxEntries} entries`);
        const path = packagePath(entry.path, bound.maxPathBytes);
        if (SKIPPED_TYPES.has(entry.type) || path === '') return entry.resume();
        if (!FILE_TYPES.has(entry.type)) {
          refuse(`"${path}" is a ${entry.type} entry; a package holds only regular files`);
        }
        if (seen.has(path)) refuse(`"${path}" appears twice, so extraction would keep either`);
        seen.add(path);
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          entries.push({
            path,
            content: Buffer.concat(chunks),
            executable: ((entry.mode ?? 0) & 0o111) !== 0,
          });
        });
      } catch (error) {
        fail(error as Error);
        entry.resume();
      }
    },
  });
  // node-tar skips (rather than fails on) a pax or long-name header over maxMetaEntrySize; the
  // entry after it would then carry a name the archive did not mean, so refuse instead.
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    fail(
      tarballError(
        entry.meta
          ? `a metadata header of ${entry.size} bytes exceeds the ${bound.maxMetaBytes}-byte limit`
          : `entry ${JSON.stringify(entry.path)} of type ${entry.type} cannot be read`,
      ),
    );
  });
  parser.on('warn', (code: string, message: string | Error) => {
    fail(tarballError(`${code}: ${message instanceof Error ? message.message : message}`));
  });
  parser.on('error', (error: Error) => fail(tarballError(error.message, error)));
  parser.end(data);
  if (problem !== undefined) throw problem;
  return entries;
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
