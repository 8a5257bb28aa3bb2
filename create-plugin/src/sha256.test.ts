import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';

const reference = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on every padding length and across blocks', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let length = 0; length <= bytes.length; length++) {
      const data = bytes.subarray(0, length);
      expect(sha256Hex(data), `${length} bytes`).toBe(reference(data));
    }
  });

  it('hashes text as UTF-8, large inputs, and a small one after a large one', () => {
    const text = 'Grüße, 世界 🌍 */ {{braces}}\n'.repeat(50);
    expect(sha256Hex(text)).toBe(reference(text));
    const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff);
    expect(sha256Hex(large)).toBe(reference(large));
    expect(sha256Hex('abc')).toBe(reference('abc'));
  });
});
