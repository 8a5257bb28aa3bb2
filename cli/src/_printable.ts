/**
 * Make text that came from a plugin (names, versions, manifest fields, error messages) safe to
 * print to a terminal. A plugin could otherwise move the cursor, erase the line above (hiding
 * another plugin's `critical` permission), retitle the window, or fake extra output lines with
 * an embedded newline. Control characters (C0, DEL, C1) and bidirectional overrides become
 * visible escapes such as `\x1b` and `\u202e`; everything else is kept.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// C0 controls (tab and newline included: a plugin string never spans lines), DEL, C1 controls,
// and the Unicode bidi embedding/override/isolate characters used to reorder what is shown.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
