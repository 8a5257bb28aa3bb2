/** Trim, unify line endings to `\n`, collapse runs of spaces and tabs, drop trailing spaces. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Lowercase ASCII slug: accents removed, anything else between words becomes one dash. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The validator's verdict: valid, or the problems found. */
export interface Verdict {
  valid: boolean;
  problems: string[];
}

/** Check the length in characters (code points, so an emoji counts once). */
export function checkMaxLength(text: string, maxLength: number): Verdict {
  const length = [...text].length;
  return length <= maxLength
    ? { valid: true, problems: [] }
    : { valid: false, problems: [`${length} characters, at most ${maxLength} allowed`] };
}
