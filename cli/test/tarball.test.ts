import { gunzipSync, gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';
import { describe, expect, it } from 'vitest';
import { readTarball, writeTarball } from '../src/commands/_tarball.js';

/** One raw ustar entry, written with node-tar's header codec, so hostile shapes are easy. */
function rawEntry(
  path: string,
  body: Buffer | string = '',
  extra: { type?: string; linkpath?: string } = {},
): Buffer {
  const content = Buffer.from(body);
  const header = new Header({
    path,
    type: (extra.type ?? 'File') as never,
    linkpath: extra.linkpath,
    mode: 0o644,
    size: extra.type === undefined || extra.type === 'File' ? content.length : 0,
    mtime: new Date(0),
    uid: 0,
    gid: 0,
  });
  header.encode();
  const block = header.block ?? Buffer.alloc(512);
  if (extra.type !== undefined && extra.type !== 'File') return block;
  return Buffer.concat([block, content, Buffer.alloc((512 - (content.length % 512)) % 512)]);
}

const archive = (...parts: Buffer[]) => gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)]));

describe('npm tarball codec', () => {
  it('round-trips short, prefixed and very long paths with their content and mode', () => {
    const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.js`;
    const huge = `${'x'.repeat(120)}/${'y'.repeat(120)}.js`;
    const entries = [
      { path: 'a.js', content: Buffer.from('a'), executable: false },
      { path: deep, content: Buffer.alloc(1500, 7), executable: true },
      { path: huge, content: Buffer.from('ünïcode'), executable: false },
      { path: 'empty.txt', content: Buffer.alloc(0), executable: false },
    ];
    expect(readTarball(writeTarball(entries))).toEqual(entries);
  });

  it('writes the same bytes twice, with npm fixed mtime and uid/gid 0', () => {
    const entries = [{ path: 'b.js', content: Buffer.from('b') }];
    const first = writeTarball(entries);
    expect(writeTarball(entries).equals(first)).toBe(true);
    const header = new Header(gunzipSync(first).subarray(0, 512));
    expect(header).toMatchObject({ path: 'package/b.js', uid: 0, gid: 0, mode: 0o644 });
    expect(header.mtime?.toISOString()).toBe('1985-10-26T08:15:00.000Z');
  });

  it('rejects a corrupt header', () => {
    const raw = gunzipSync(writeTarball([{ path: 'a.js', content: Buffer.from('a') }]));
    raw[0] = 0x41;
    expect(() => readTarball(raw)).toThrowError(
      expect.objectContaining({ code: 'TARBALL_INVALID' }),
    );
  });
});

describe('hostile archives', () => {
  const refused = (bytes: Uint8Array, detail: RegExp, limits = {}) => {
    let caught: unknown;
    try {
      readTarball(bytes, limits);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'TARBALL_INVALID',
      message: expect.stringMatching(detail),
    });
  };

  it.each([
    ['package/../../evil.js', /"\.\." segment/],
    ['package/lib/../../../etc/passwd', /"\.\." segment/],
    ['/etc/cron.d/evil', /absolute path/],
    ['package//double.js', /empty/],
    ['package/./dot.js', /"\." or "\.\." segment/],
    ['C:/windows/evil.js', /drive letter/],
    ['package/a\\..\\..\\evil.js', /backslash/],
  ])('refuses the path %s', (path, detail) => {
    refused(archive(rawEntry(path, 'x')), detail);
  });

  it.each([
    ['SymbolicLink', '/etc/passwd'],
    ['Link', 'package/index.js'],
    ['CharacterDevice', undefined],
    ['FIFO', undefined],
  ])('refuses a %s entry', (type, linkpath) => {
    const bytes = archive(
      rawEntry('package/index.js', 'ok'),
      rawEntry('package/escape', '', { type, linkpath }),
    );
    refused(bytes, new RegExp(`"escape" is a ${type} entry`));
  });

  it('refuses a path that appears twice (the second copy would win at extraction)', () => {
    const bytes = archive(
      rawEntry('package/index.js', 'good'),
      rawEntry('package/index.js', 'bad'),
    );
    refused(bytes, /"index.js" appears twice/);
  });

  it('refuses a huge pax header instead of buffering it', () => {
    const pax = new Pax({ path: `package/${'a'.repeat(200_000)}` }).encode();
    refused(
      archive(pax, rawEntry('package/x.js', 'x')),
      /metadata header of \d+ bytes exceeds the 65536-byte limit/,
    );
  });

  it('refuses a path longer than the limit', () => {
    const path = `package/${'d/'.repeat(600)}x.js`;
    const pax = new Pax({ path }).encode();
    refused(archive(pax, rawEntry('package/x.js', 'x')), /longer than 1024 bytes/);
  });

  it('refuses a truncated gzip stream', () => {
    const whole = writeTarball([{ path: 'a.js', content: Buffer.alloc(4096, 1) }]);
    refused(whole.subarray(0, whole.length - 12), /gzip stream is broken/);
  });

  it('refuses a gzip bomb before inflating all of it', () => {
    const bomb = archive(rawEntry('package/zeros.bin', Buffer.alloc(4 * 1024 * 1024)));
    refused(bomb, /decompresses to more than 1048576 bytes/, { maxTotalBytes: 1024 * 1024 });
  });

  it('refuses more entries than allowed', () => {
    const many = Array.from({ length: 5 }, (_, i) => rawEntry(`package/f${i}.js`, 'x'));
    refused(archive(...many), /more than 4 entries/, { maxEntries: 4 });
  });

  it('refuses a file whose body runs past the end of the archive', () => {
    const full = rawEntry('package/a.js', Buffer.alloc(2048, 1));
    refused(gzipSync(full.subarray(0, 1024)), /TAR_BAD_ARCHIVE|truncated|end/i);
  });
});
