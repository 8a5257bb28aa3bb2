import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureSet, TemplateName } from './choices.js';

/** Where the scaffolder records what it generated, for later updates. */
export const TEMPLATE_RECORD_PATH = '.stack-plugin/template.json';

/** One file the scaffolder will write. */
export interface PlannedFile {
  /** Path inside the project, with `/` separators. */
  readonly path: string;
  /** Absolute path of the template file, or `undefined` for files the scaffolder writes itself. */
  readonly source: string | undefined;
  /** Whether the source is a Handlebars template (`.hbs`) or copied byte for byte. */
  readonly render: boolean;
}

/** The files to write, sorted by path. */
export interface FilePlan {
  readonly files: readonly PlannedFile[];
}

/**
 * Template files stored under another name and renamed on the way out: npm drops or renames
 * `.gitignore` and `.npmrc` when publishing, and a `biome.json` inside the kit's repository
 * would be read by Biome as a nested configuration of the kit itself.
 */
const RENAMED: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _npmrc: '.npmrc',
  '_biome.json': 'biome.json',
};

/** List every file below `dir` as `/`-separated relative paths; a missing folder is empty. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  // One readdir per folder, by hand: `readdirSync(dir, { recursive: true })` also stats every
  // entry, where the types the readdir reports are enough.
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
    }
  };
  try {
    walk(dir, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return files.sort();
}

/** Map a template file's path to the project path it produces. */
export function outputPath(templatePath: string): { path: string; render: boolean } {
  const render = templatePath.endsWith('.hbs');
  const stripped = render ? templatePath.slice(0, -'.hbs'.length) : templatePath;
  const parts = stripped.split('/');
  const last = parts.pop() ?? '';
  parts.push(RENAMED[last] ?? last);
  return { path: parts.join('/'), render };
}

/**
 * Pick a layer's files: everything outside `_features/`, plus `_features/<name>/**` for the
 * features that are on (with that prefix removed).
 */
export function selectLayerFiles(
  files: readonly string[],
  features: FeatureSet,
): Array<{ from: string; to: string }> {
  const picked: Array<{ from: string; to: string }> = [];
  for (const file of files) {
    const match = /^_features\/([^/]+)\/(.+)$/.exec(file);
    if (match === null) picked.push({ from: file, to: file });
    else if (features[match[1] as keyof FeatureSet] === true) {
      picked.push({ from: file, to: match[2] ?? '' });
    }
  }
  return picked;
}

/**
 * Plan the files of a project: the shared layer (`templates/_shared`), then the template's own
 * layer (`templates/<template>`), which wins on equal paths, then the scaffolder's record of
 * what it generated.
 */
export async function planFiles(
  templatesDir: string,
  template: TemplateName,
  features: FeatureSet,
): Promise<FilePlan> {
  const byPath = new Map<string, PlannedFile>();
  for (const layer of ['_shared', template]) {
    const root = join(templatesDir, layer);
    for (const { from, to } of selectLayerFiles(await listFiles(root), features)) {
      const out = outputPath(to);
      byPath.set(out.path, { path: out.path, source: join(root, from), render: out.render });
    }
  }
  byPath.set(TEMPLATE_RECORD_PATH, {
    path: TEMPLATE_RECORD_PATH,
    source: undefined,
    render: false,
  });
  const files = [...byPath.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { files };
}
