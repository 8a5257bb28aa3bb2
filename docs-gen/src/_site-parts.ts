import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Comment, type ProjectReflection, Reflection, ReflectionKind, type Router } from 'typedoc';
import { collectSearchEntries } from './_search-entries.js';
import type { DocExample } from './example-check.js';
import { exampleBlocks } from './example-check.js';
import { buildSearchIndex } from './search-index.js';

const ASSETS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

function minisearchUmd(): string {
  const cjs = createRequire(import.meta.url).resolve('minisearch');
  return join(dirname(cjs), '..', 'umd', 'index.js');
}

/**
 * Writes the prebuilt search index and the search UI into a rendered HTML site, while its
 * router is still live. Returns the number of indexed entries.
 */
export async function writeSearchAssets(html: string, router: Router): Promise<number> {
  const entries = collectSearchEntries(router);
  const assets = join(html, 'assets');
  await mkdir(assets, { recursive: true });
  // A script rather than JSON: fetch() of a local file is blocked when the site is opened from disk.
  await writeFile(
    join(assets, 'stack-search-index.js'),
    `window.STACK_SEARCH_INDEX = ${buildSearchIndex(entries)};\n`,
  );
  await copyFile(join(ASSETS, 'stack-search.js'), join(assets, 'stack-search.js'));
  await copyFile(join(ASSETS, 'stack-search.css'), join(assets, 'stack-search.css'));
  await copyFile(minisearchUmd(), join(assets, 'minisearch.js'));
  return entries.length;
}

/** Every `@example` code block in the project, with the symbol and module it documents. */
export function collectExamples(
  project: ProjectReflection,
): Array<DocExample & { module?: string }> {
  const examples: Array<DocExample & { module?: string }> = [];
  for (const refl of Object.values(project.reflections)) {
    if (!(refl instanceof Reflection) || !refl.comment) continue;
    for (const tag of refl.comment.getTags('@example')) {
      const owner = refl.kindOf(ReflectionKind.SomeSignature) && refl.parent ? refl.parent : refl;
      let module: Reflection | undefined = owner;
      while (module && !module.kindOf(ReflectionKind.Module)) module = module.parent;
      for (const code of exampleBlocks(Comment.combineDisplayParts(tag.content))) {
        examples.push({
          symbol: owner.getFriendlyFullName(),
          code,
          ...(module ? { module: module.name } : {}),
        });
      }
    }
  }
  return examples;
}
