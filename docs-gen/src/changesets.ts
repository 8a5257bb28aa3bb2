import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseChangesetFile } from '@changesets/parse';
import { type Bump, maxBump } from './bump.js';

/** The bump the pending changesets declare for one package. */
export interface DeclaredBump {
  readonly bump: Bump;
  /** Changeset files (names) that mention the package. */
  readonly files: readonly string[];
}

/**
 * The packages and bumps a changeset declares (package -> bump), read by `@changesets/parse`,
 * the parser of the changesets CLI itself. A file without front matter declares nothing; one
 * whose front matter is malformed throws that parser's error, as `changeset version` would.
 */
export function parseChangeset(text: string): Map<string, Bump> {
  if (!/^\s*---/.test(text)) return new Map();
  return new Map(parseChangesetFile(text).releases.map((r) => [r.name, r.type as Bump]));
}

/** The largest bump that the changesets in `changesetDir` declare for `packageName`. */
export async function readDeclaredBump(
  changesetDir: string | undefined,
  packageName: string,
): Promise<DeclaredBump> {
  if (!changesetDir || !existsSync(changesetDir)) return { bump: 'none', files: [] };
  const names = (await readdir(changesetDir))
    .filter((n) => n.endsWith('.md') && n !== 'README.md')
    .sort();
  const bumps: Bump[] = [];
  const files: string[] = [];
  for (const name of names) {
    const bump = parseChangeset(await readFile(join(changesetDir, name), 'utf8')).get(packageName);
    if (bump) {
      bumps.push(bump);
      files.push(name);
    }
  }
  return { bump: maxBump(bumps), files };
}
