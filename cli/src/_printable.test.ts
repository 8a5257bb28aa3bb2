import { describe, expect, it } from 'vitest';
import { printable } from './_printable.js';

describe('printable', () => {
  it('turns terminal control sequences into visible escapes', () => {
    // Cursor up + erase line: would hide the line printed above it.
    expect(printable('boom\u001b[1A\u001b[2Kok')).toBe('boom\\x1b[1A\\x1b[2Kok');
    // OSC window title, terminated by BEL.
    expect(printable('\u001b]0;pwned\u0007')).toBe('\\x1b]0;pwned\\x07');
    // An 8-bit CSI and DEL.
    expect(printable('a\u009b2Jb\u007f')).toBe('a\\x9b2Jb\\x7f');
  });

  it('keeps a plugin string on one line and shows bidi overrides', () => {
    expect(printable('line1\nfake: critical\r')).toBe('line1\\x0afake: critical\\x0d');
    expect(printable('safe\u202etxt.exe')).toBe('safe\\u202etxt.exe');
  });

  it('leaves ordinary text, including non-ASCII letters and emoji, unchanged', () => {
    const text = 'Ünïcode — café 🚀 net:api.example.com:443';
    expect(printable(text)).toBe(text);
  });
});
