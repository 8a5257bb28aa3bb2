// The tarball codec against node-tar, which npm extracts with: the bytes `pack` writes are
// node-tar's, and whatever the reader accepts it reads as node-tar does (same paths, same
// contents), so what `add` verifies is what npm would put on disk.
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Header, PackSync, Parser, Pax, ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { readTarball, type TarEntry, writeTarball } from '../src/commands/_tarball.js';

const NPM_MTIME = new Date(Date.UTC(1985, 9, 26, 8, 15, 0));

/** The writer this codec replaced: node-tar's PackSync with npm's settings. */
function nodeTarWrite(entries: readonly TarEntry[], level = 9): Buffer {
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

/** What node-tar's strict parser reads: its file entries, or the first warning. */
function nodeTarRead(raw: Buffer): { files: Array<[string, string, string]> } | { error: string } {
  const files: Array<[string, string, string]> = [];
  let error: string | undefined;
  const parser = new Parser({
    strict: true,
    maxMetaEntrySize: 64 * 1024,
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () =>
        files.push([entry.type, entry.path, Buffer.concat(chunks).toString('latin1')]),
      );
    },
  });
  parser.on('warn', (code: string) => {
    error ??= code;
  });
  parser.on('error', (e: Error) => {
    error ??= e.message;
  });
  parser.on('ignoredEntry', () => {
    error ??= 'ignored';
  });
  parser.end(raw);
  return error === undefined ? { files } : { error };
}

/** A header block (node-tar's codec), its body and padding. */
function block(fields: ConstructorParameters<typeof Header>[0], body = Buffer.alloc(0)): Buffer {
  const header = new Header({ mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), ...fields });
  header.encode();
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header.block ?? Buffer.alloc(512), body, pad]);
}

/** `raw` (header blocks) with the first header's type flag set to `flag`, checksum redone. */
function withFlag(raw: Buffer, flag: string): Buffer {
  const copy = Buffer.from(raw);
  copy[156] = flag.charCodeAt(0);
  copy.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += copy[i] ?? 0;
  copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return copy;
}

const segment = fc.constantFrom(
  'a',
  'lib',
  'ünï',
  'x'.repeat(60),
  'y'.repeat(99),
  'z'.repeat(130),
  'dir.with.dots',
  '日本',
);
const entryPath = fc
  .array(segment, { minLength: 1, maxLength: 5 })
  .map((parts) => `${parts.join('/')}.js`);

describe('tarball codec against node-tar', () => {
  it('writes the bytes node-tar wrote, for short, prefixed, long and non-ASCII paths', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            path: entryPath,
            content: fc.uint8Array({ maxLength: 1200 }),
            executable: fc.boolean(),
          }),
          { selector: (e) => e.path, maxLength: 6 },
        ),
        (entries) => {
          expect(writeTarball(entries).equals(nodeTarWrite(entries))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    const exact = [{ path: `${'p'.repeat(91)}.js`, content: Buffer.from('100 bytes') }];
    expect(writeTarball(exact, 1).equals(nodeTarWrite(exact, 1))).toBe(true);
  });

  it('reads what node-tar writes as node-tar reads it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path: entryPath, content: fc.uint8Array({ maxLength: 700 }) }), {
          selector: (e) => e.path,
          minLength: 1,
          maxLength: 5,
        }),
        (entries) => {
          const bytes = nodeTarWrite(entries);
          const read = nodeTarRead(gunzipSync(bytes));
          expect(read).toEqual({
            files: entries.map((e) => [
              'File',
              `package/${e.path}`,
              Buffer.from(e.content).toString('latin1'),
            ]),
          });
          expect(readTarball(bytes).map((e) => [e.path, Buffer.from(e.content)])).toEqual(
            entries.map((e) => [e.path, Buffer.from(e.content)]),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  // Shapes no npm pack writes, where a reader that differs from node-tar would check one file
  // and let npm install another. Each is either refused or read exactly as node-tar reads it.
  const tricky: Array<[string, Buffer[]]> = [
    [
      'a pax path over a prefixed ustar path',
      [
        new Pax({ path: 'package/real.js' }).encode(),
        block({ path: `package/${'q'.repeat(120)}/decoy.js`, size: 1 }, Buffer.from('x')),
      ],
    ],
    [
      'a GNU long name',
      [
        block(
          { path: '././@LongLink', type: 'NextFileHasLongPath', size: 20 },
          Buffer.from('package/gnu-long.js\0'),
        ),
        block({ path: 'package/short.js', size: 2 }, Buffer.from('ok')),
      ],
    ],
    [
      'a pax size that differs from the header size',
      [
        new Pax({ path: 'package/sized.js', size: 3 }).encode(),
        // The header says 1 byte; node-tar reads the 3 the pax header says.
        block({ path: 'package/sized.js', size: 1 }, Buffer.from('a'))
          .fill('b', 513, 514)
          .fill('c', 514, 515),
      ],
    ],
    [
      'a global pax size applying to later entries',
      [
        new Pax({ size: 1 }, true).encode(),
        block({ path: 'package/g.js', size: 1 }, Buffer.from('g')),
      ],
    ],
    [
      'a lone null block between entries',
      [
        block({ path: 'package/one.js', size: 1 }, Buffer.from('1')),
        Buffer.alloc(512),
        block({ path: 'package/two.js', size: 1 }, Buffer.from('2')),
      ],
    ],
    [
      'data after the end-of-archive marker',
      [
        block({ path: 'package/one.js', size: 1 }, Buffer.from('1')),
        Buffer.alloc(1024),
        block({ path: 'package/hidden.js', size: 1 }, Buffer.from('h')),
      ],
    ],
    [
      'a file path ending in a slash (a directory without a body)',
      [
        block({ path: 'package/dir/', type: 'File', size: 0 }),
        block({ path: 'package/dir/f.js', size: 1 }, Buffer.from('f')),
      ],
    ],
    // The shapes below are where a general-purpose reader (modern-tar 0.8.7, measured)
    // differs from node-tar, so they stay here whatever reads the archive.
    [
      'a tape-volume entry, which node-tar skips',
      [withFlag(block({ path: 'package/evil.js', size: 4 }, Buffer.from('evil')), 'V')],
    ],
    [
      'a sparse-file entry, which node-tar skips',
      [
        block({ path: 'package/index.js', size: 2 }, Buffer.from('ok')),
        withFlag(block({ path: 'package/evil.js', size: 4 }, Buffer.from('evil')), 'S'),
      ],
    ],
    [
      'an old-style pax (X) header renaming the next file',
      [
        withFlag(new Pax({ path: 'package/evil.js' }).encode(), 'X'),
        block({ path: 'package/good.js', size: 1 }, Buffer.from('x')),
      ],
    ],
    [
      'two pax headers, a path then an mtime (node-tar merges them)',
      [
        new Pax({ path: 'package/evil.js' }).encode(),
        new Pax({ mtime: new Date(1000) }).encode(),
        block({ path: 'package/good.js', size: 1 }, Buffer.from('x')),
      ],
    ],
    [
      'a global pax path (node-tar ignores it)',
      [
        new Pax({ path: 'package/evil.js' }, true).encode(),
        block({ path: 'package/good.js', size: 1 }, Buffer.from('x')),
      ],
    ],
    [
      'a pax size with a leading zero (node-tar ignores it)',
      [
        block(
          { path: 'PaxHeader/s.js', type: 'ExtendedHeader', size: 11 },
          Buffer.from('11 size=03\n'),
        ),
        block({ path: 'package/s.js', size: 1 }, Buffer.from('a')),
        block({ path: 'package/t.js', size: 1 }, Buffer.from('b')),
      ],
    ],
  ];

  it.each(tricky)('%s: refused or read as node-tar reads it', (_name, parts) => {
    const raw = Buffer.concat([...parts, Buffer.alloc(1024)]);
    const theirs = nodeTarRead(raw);
    let ours: Array<[string, string, string]> | undefined;
    try {
      ours = readTarball(gzipSync(raw)).map((e) => [
        'File',
        `package/${e.path}`,
        Buffer.from(e.content).toString('latin1'),
      ]);
    } catch (error) {
      expect(error).toMatchObject({ code: 'TARBALL_INVALID' });
      return;
    }
    expect('files' in theirs).toBe(true);
    const theirFiles = 'files' in theirs ? theirs.files.filter(([type]) => type === 'File') : [];
    expect(ours).toEqual(theirFiles);
  });
});
