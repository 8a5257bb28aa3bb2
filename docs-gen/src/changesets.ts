import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bump, maxBump } from './bump.js';

/** The bump the pending changesets declare for one package. */
export interface DeclaredBump {
  readonly bump: Bump;
  /** Changeset files (names) that mention the package. */
  readonly files: readonly string[];
}

/**
 * Reads the front matter of a changeset (`"pkg": minor` lines) into package -> bump.
 * Malformed lines are ignored, as the changesets CLI would reject the file anyway.
 */
export function parseChangeset(text: string): Map<string, Bump> {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const out = new Map<string, Bump>();
  for (const line of front.split(/\r?\n/)) {
    const m = /^\s*["']?([^"'\s]+?)["']?\s*:\s*["']?(major|minor|patch|none)["']?\s*$/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1].trim(), m[2] as Bump);
  }
  return out;
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
