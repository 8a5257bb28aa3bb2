import { parse as parseYaml } from 'yaml';

/** A Markdown file read as a note. */
export interface MarkdownNote {
  readonly title: string;
  readonly tags: string[];
  readonly body: string;
}

/** Longest title and body a note may have (the schemas of `notes.add` say the same). */
export const MAX_TITLE = 200;
export const MAX_BODY = 100_000;

const TAG = /^[a-z0-9_][a-z0-9_/-]{0,49}$/;

/**
 * `raw` as a tag (`#Project Alpha` -> `project-alpha`), or undefined when nothing of it can be
 * one (tags are lower-case letters, digits, `_`, `-` and `/`, up to 50 characters).
 */
export function normalizeTag(raw: string): string | undefined {
  const tag = raw.trim().replace(/^#/, '').toLowerCase().replace(/\s+/g, '-');
  return TAG.test(tag) ? tag : undefined;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const FENCE = /^ {0,3}(```|~~~)/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
// A hashtag starts after a space or punctuation that is not part of a word, URL or entity, and
// holds at least one letter or `_`, so issue numbers (#12) and headings (# Title) are not tags.
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([A-Za-z0-9_][A-Za-z0-9_/-]*)/gu;

/** Front matter values as tags: a YAML list, or a string of comma- or space-separated tags. */
function frontMatterTags(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String)
    : typeof value === 'string'
      ? value.split(value.includes(',') ? ',' : /\s+/)
      : [];
  return items.flatMap((item) => normalizeTag(item) ?? []);
}

/**
 * Reads a Markdown file as a note: tags from the front matter's `tags` and from #hashtags in
 * the text (not in code), the title from the front matter's `title`, else the first heading,
 * else the file name. The body is the text after the front matter. Resolves with the reason
 * instead when the file cannot be a note (front matter that is not YAML, a body too long).
 */
export function readMarkdownNote(
  path: string,
  text: string,
): { readonly note: MarkdownNote } | { readonly reason: string } {
  let meta: Record<string, unknown> = {};
  let body = text.replace(/^\uFEFF/, '');
  const front = FRONT_MATTER.exec(text);
  if (front !== null) {
    let parsed: unknown;
    try {
      parsed = parseYaml(front[1] ?? '');
    } catch (error) {
      return { reason: `its front matter is not valid YAML (${(error as Error).message})` };
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      meta = parsed as Record<string, unknown>;
    body = text.slice(front[0].length);
  }
  body = body.replace(/^\s*\n/, '').trimEnd();
  if (body.length > MAX_BODY) return { reason: 'its text is longer than 100,000 characters' };

  let heading: string | undefined;
  const tags = new Set(frontMatterTags(meta.tags));
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    heading ??= HEADING.exec(line)?.[1];
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(HASHTAG)) {
      const tag = normalizeTag(match[1] ?? '');
      if (tag !== undefined && /[a-z_]/.test(tag)) tags.add(tag);
    }
  }
  const fileName = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
  const named = typeof meta.title === 'string' ? meta.title.trim() : '';
  const title = (named || heading?.trim() || fileName).slice(0, MAX_TITLE);
  return { note: { title, tags: [...tags].sort().slice(0, 50), body } };
}
