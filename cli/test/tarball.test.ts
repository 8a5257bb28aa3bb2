import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTarball, writeTarball } from '../src/commands/_tarball.js';

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

  it('rejects a corrupt header', () => {
    const raw = gunzipSync(writeTarball([{ path: 'a.js', content: Buffer.from('a') }]));
    raw[0] = 0x41;
    expect(() => readTarball(raw)).toThrowError(/corrupt tar header at byte 0/);
  });
});
