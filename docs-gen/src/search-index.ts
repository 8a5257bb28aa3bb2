import MiniSearch from 'minisearch';
import { WORKFLOW_FENCE } from './_workflow-fence.js';

const WORKFLOW_BLOCK = new RegExp(`^\`\`\`${WORKFLOW_FENCE}\n[\\s\\S]*?\n\`\`\`$`, 'gm');

/** One searchable thing: a symbol, a member, or a section of a guide or manifest page. */
export interface SearchEntry {
  /** Page URL relative to the site root, with an anchor for members and sections. */
  readonly url: string;
  /** Name shown in results: `Forecast.city`, `Getting started › Reports`. */
  readonly title: string;
  /** `Function`, `Interface`, `Guide`, `Plugin` ... */
  readonly kind: string;
  /** Plain text searched: TSDoc comment, or section prose. */
  readonly text: string;
}

/**
 * The MiniSearch options; the browser must load the index with the same ones, so the site's
 * script receives them inside the index file rather than repeating them.
 */
export const SEARCH_OPTIONS = {
  fields: ['title', 'text'],
  storeFields: ['title', 'kind', 'url', 'snippet'],
  searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
} as const;

const SNIPPET_LENGTH = 160;

/** Markdown or TSDoc text as plain words: link syntax, emphasis and fences removed. */
export function plainText(markdown: string): string {
  return (
    markdown
      .replace(
        /\{@(?:link|linkcode|linkplain)\s+([^}|\s]+)(?:\s*\|\s*([^}]*)|\s+([^}]*))?\}/g,
        (_m, target: string, a?: string, b?: string) => (a ?? b ?? target).trim(),
      )
      // A workflow's diagram block is drawing data; the step table beside it has the words.
      .replace(WORKFLOW_BLOCK, ' ')
      .replace(/```[a-z]*\n?/g, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, ' ')
      // Code and emphasis marks go without a trace (`x`. -> x.); `_` stays, it is part of names.
      .replace(/[`*]/g, '')
      // Table rules (| --- | :-: |) and pipes are layout, not words to show in a snippet.
      .replace(/(^|[\s|]):?-{3,}:?(?=[\s|]|$)/g, '$1 ')
      .replace(/[>#|]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * Builds the MiniSearch index at generation time and returns it with the options, as JSON,
 * so the browser only deserialises (no indexing work on page load).
 */
export function buildSearchIndex(entries: readonly SearchEntry[]): string {
  const search = new MiniSearch<SearchEntry & { id: number; snippet: string }>({
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [...SEARCH_OPTIONS.storeFields],
  });
  search.addAll(
    entries.map((e, id) => ({
      ...e,
      id,
      snippet: e.text.length > SNIPPET_LENGTH ? `${e.text.slice(0, SNIPPET_LENGTH - 1)}…` : e.text,
    })),
  );
  return JSON.stringify({
    options: {
      fields: SEARCH_OPTIONS.fields,
      storeFields: SEARCH_OPTIONS.storeFields,
      searchOptions: SEARCH_OPTIONS.searchOptions,
    },
    index: search.toJSON(),
  });
}

/** Splits a Markdown page into one entry per heading section. */
export function sectionEntries(page: {
  title: string;
  kind: string;
  url: string;
  markdown: string;
}): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const seen = new Map<string, number>();
  let heading: string | undefined;
  let buffer: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = plainText(buffer.join('\n'));
    if (text || heading) {
      const anchor = heading === undefined ? '' : `#${slug(heading, seen)}`;
      entries.push({
        url: `${page.url}${anchor}`,
        title:
          heading === undefined || heading === page.title
            ? page.title
            : `${page.title} › ${heading}`,
        kind: page.kind,
        text,
      });
    }
    buffer = [];
  };
  const body = page.markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  for (const line of body.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const match = inFence ? null : /^(#{1,4})\s+(.*)$/.exec(line);
    if (match) {
      flush();
      heading = plainText(match[2] ?? '');
    } else {
      buffer.push(line);
    }
  }
  flush();
  return entries;
}

/** typedoc's heading anchors: punctuation dropped, spaces to dashes, lower case, deduplicated. */
function slug(heading: string, seen: Map<string, number>): string {
  const base =
    heading
      .trim()
      .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
      .replace(/\s/g, '-')
      .replace(/--+/, '-')
      .toLocaleLowerCase() || '_';
  const count = seen.get(base);
  if (count === undefined) {
    seen.set(base, 0);
    return base;
  }
  seen.set(base, count + 1);
  return `${base}-${count + 1}`;
}
