/**
 * A synthetic corpus of Markdown notes for the performance suite: deterministic (a seeded
 * generator), words drawn from a vocabulary with a Zipf-like skew as in real text, so common
 * words sit in many notes and rare ones in few, which is what makes ranking work.
 */

/** mulberry32: a small seeded generator, so every run indexes the same notes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tau', 'sel', 'vo', 'dri', 'nu', 'pha', 'quo', 'zen'];

/** `size` distinct made-up words (`kalo`, `mirentau`, ...). */
function vocabulary(size: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const parts = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** The word that only note `needle` holds, to check that search finds it first. */
export const NEEDLE_WORD = 'zephyrine';

/**
 * Notes per folder (`notes/batch1`, ...): one import step stores a folder in one transaction,
 * so a folder must fit well within the plugin's 10 s call deadline on a loaded machine too
 * (1,000 notes took over 10 s on PostgreSQL with the machine's load at 12).
 */
export const BATCH = 250;

/**
 * `count` notes as Markdown files under `notes/`, in folders of at most 1,000 (an import reads
 * at most 2,000 files), each with a heading, 40 to 160 words and one or two #tags.
 */
export function corpus(count: number, needle: number): Record<string, string> {
  const next = random(42);
  const words = vocabulary(3000, next);
  // Zipf-like: the i-th word about 1/(i+1) as likely as the first.
  const pick = () => words[Math.floor(words.length ** next()) - 1] ?? 'kalo';
  const files: Record<string, string> = {};
  for (let n = 1; n <= count; n++) {
    const length = 40 + Math.floor(next() * 120);
    const text = Array.from({ length }, pick);
    if (n === needle) text.splice(length >> 1, 0, NEEDLE_WORD);
    const title = `${pick()} ${pick()} ${pick()}`;
    const tags = [`#topic${n % 20}`, ...(n % 3 === 0 ? ['#review'] : [])];
    const folder = `notes/batch${Math.ceil(n / BATCH)}`;
    files[`${folder}/note-${String(n).padStart(5, '0')}.md`] =
      `# ${title}\n\n${text.join(' ')}.\n\n${tags.join(' ')}\n`;
  }
  return files;
}

/** Queries of one to three corpus words, common and rare alike. */
export function queries(count: number): string[] {
  const words = vocabulary(3000, random(42));
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: 1 + (i % 3) }, (_, j) => words[(i * 37 + j * 101) % words.length]).join(
      ' ',
    ),
  );
}
