import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { toPosix } from './_paths.js';

/** A link in the generated output whose target file or anchor does not exist. */
export interface BrokenLink {
  /** Page containing the link, relative to the output folder. */
  readonly page: string;
  readonly href: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Checks every internal link of a generated site (`.html`) or Markdown tree (`.md`): the file
 * must exist and, for HTML, the `#anchor` must be an `id` or `name` in it. External links are
 * not fetched.
 */
export async function findBrokenLinks(outDir: string): Promise<BrokenLink[]> {
  const root = resolve(outDir);
  const all = (await readdir(root, { recursive: true })).map((f) => toPosix(f));
  const known = new Set(all);
  const files = all.filter((f) => f.endsWith('.html') || f.endsWith('.md'));
  const texts = new Map<string, string>();
  const read = async (file: string) => {
    let text = texts.get(file);
    if (text === undefined) {
      text = await readFile(join(root, file), 'utf8');
      texts.set(file, text);
    }
    return text;
  };
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = async (file: string) => {
    let set = anchors.get(file);
    if (!set) {
      const text = await read(file);
      set = new Set([...text.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1] ?? ''));
      anchors.set(file, set);
    }
    return set;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const text = await read(file);
    const hrefs = file.endsWith('.html')
      ? [...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1] ?? '')
      : [...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map(
          (m) => m[1] ?? '',
        );
    for (const raw of hrefs) {
      const href = raw.replace(/&amp;/g, '&');
      if (href === '' || EXTERNAL.test(href)) continue;
      const [pathPart = '', anchor] = href.split('#', 2);
      const path = decodeURIComponent(pathPart.split('?')[0] ?? '');
      const target =
        path === '' ? file : toPosix(relative(root, resolve(root, dirname(file), path)));
      if (!known.has(target)) {
        broken.push({ page: file, href });
        continue;
      }
      if (
        anchor &&
        target.endsWith('.html') &&
        !(await anchorsOf(target)).has(decodeURIComponent(anchor))
      ) {
        broken.push({ page: file, href });
      }
    }
  }
  return broken;
}
