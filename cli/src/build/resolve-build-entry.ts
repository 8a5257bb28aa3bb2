import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';

/** Where a plugin build reads from and writes to, relative to the plugin folder. */
export interface BuildEntry {
  /** The TypeScript (or JavaScript) module bundled, e.g. `src/index.ts`. */
  readonly source: string;
  /** The bundle written, which hosts load, e.g. `dist/index.js`. */
  readonly outfile: string;
}

/** Source entries tried, in order, when package.json does not name one. */
export const SOURCE_CANDIDATES: readonly string[] = [
  'src/index.ts',
  'src/index.mts',
  'src/index.tsx',
  'src/index.js',
  'src/index.mjs',
];

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strip = (path: string) => path.replace(/^(?:\.\/)+/, '');

/** The `"."` entry of package.json `exports`, as a map of conditions (or a bare string). */
function rootExport(exportsField: unknown): unknown {
  if (isRecord(exportsField) && Object.hasOwn(exportsField, '.')) return exportsField['.'];
  return exportsField;
}

/**
 * The file a host loads, as the validator resolves it: manifest `main`, else package.json
 * `main`, else `exports` "." (`import`, `node` or `default` condition), else `index.js`.
 */
export function resolveOutfile(manifest: unknown, packageJson: unknown): string {
  if (isRecord(manifest) && typeof manifest.main === 'string') return strip(manifest.main);
  if (!isRecord(packageJson)) return 'index.js';
  if (typeof packageJson.main === 'string') return strip(packageJson.main);
  const root = rootExport(packageJson.exports);
  if (typeof root === 'string') return strip(root);
  if (isRecord(root)) {
    for (const condition of ['import', 'node', 'default']) {
      const value = root[condition];
      if (typeof value === 'string') return strip(value);
    }
  }
  return 'index.js';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Where to build from and to. The source is the `source` condition of package.json
 * `exports` "." (the convention workspace packages and templates share), else the first of
 * {@link SOURCE_CANDIDATES} that exists. Throws `BUILD_ENTRY_NOT_FOUND` when there is none,
 * and `BUILD_FAILED` when the output would overwrite the source or is not a JavaScript file.
 */
export async function resolveBuildEntry(
  dir: string,
  manifest: unknown,
  packageJson: unknown,
  plugin?: string,
): Promise<BuildEntry> {
  const outfile = resolveOutfile(manifest, packageJson);
  const root = isRecord(packageJson) ? rootExport(packageJson.exports) : undefined;
  const declared = isRecord(root) && typeof root.source === 'string' ? strip(root.source) : '';
  const tried = declared === '' ? SOURCE_CANDIDATES : [declared];
  let source: string | undefined;
  for (const candidate of tried) {
    if (await isFile(join(dir, candidate))) {
      source = candidate;
      break;
    }
  }
  if (source === undefined) {
    throw createError(cliErrors.BUILD_ENTRY_NOT_FOUND, {
      ...(plugin === undefined ? {} : { plugin }),
      tried,
      dir,
    });
  }
  if (!/\.[cm]?js$/.test(outfile) || outfile === source) {
    throw createError(
      cliErrors.BUILD_FAILED,
      {
        ...(plugin === undefined ? {} : { plugin }),
        location: outfile,
        detail: `the entry hosts load must be a .js file distinct from the source ${source} (set package.json "main", e.g. "dist/index.js")`,
      },
      { plugin },
    );
  }
  return { source, outfile };
}
