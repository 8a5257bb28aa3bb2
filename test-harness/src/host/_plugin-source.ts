import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createError,
  normalizeWorkspacePath,
  type PluginDefinition,
  type PluginTypes,
  pdkErrors,
} from '@stack-plugin/pdk';

/** A plugin given inline to the harness: its definition plus the manifest it would ship. */
export interface InlinePlugin {
  /** The plugin, usually `definePlugin({...})`. */
  readonly definition: PluginDefinition<PluginTypes>;
  /** npm name. Default `inline-plugin-<n>`. */
  readonly name?: string;
  readonly version?: string;
  /** The manifest fields; `category` defaults to `micro` and `host` to `*`. */
  readonly manifest?: Readonly<Record<string, unknown>>;
}

/** What to mount: a plugin folder (absolute or relative to the cwd), or an inline plugin. */
export type PluginSource = string | InlinePlugin;

/** How the harness loads one mounted plugin. */
export interface StagedPlugin {
  /** npm name, read before the host loads it (to seed its state). */
  readonly name: string;
  /** The folder the host loads: the plugin's own, or a staging copy of its manifest. */
  readonly dir: string;
  /** The plugin's own folder (undefined for an inline plugin). */
  readonly sourceDir: string | undefined;
  /**
   * The module the in-process executor really imports in place of the staged entry: the
   * TypeScript source, or the inline definition.
   */
  readonly substitute: string | PluginDefinition<PluginTypes> | undefined;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.tsx'];

/**
 * The TypeScript source of a plugin's entry, so tests run without a build: package.json
 * `exports["."].source` (this repository's convention), then a `source` field, then the
 * declared entry when it is TypeScript, then `dist/<x>.js` mapped to `src/<x>.ts`.
 */
export function findSourceEntry(dir: string): { declared: string; source: string | undefined } {
  return sourceEntryOf(
    dir,
    readJson(join(dir, 'stack-plugin.json')),
    readJson(join(dir, 'package.json')),
  );
}

function sourceEntryOf(
  dir: string,
  manifest: Record<string, unknown>,
  pkg: Record<string, unknown>,
): { declared: string; source: string | undefined } {
  const exportsField = pkg.exports as Record<string, unknown> | string | undefined;
  const root =
    typeof exportsField === 'object' && exportsField !== null
      ? ((exportsField['.'] ?? exportsField) as Record<string, unknown> | string)
      : exportsField;
  const declared = strip(
    (manifest.main as string | undefined) ??
      (pkg.main as string | undefined) ??
      (typeof root === 'string' ? root : conditional(root, ['import', 'node', 'default'])) ??
      'index.js',
  );
  const candidates = [
    typeof root === 'object' && root !== null ? conditional(root, ['source']) : undefined,
    typeof pkg.source === 'string' ? pkg.source : undefined,
    SOURCE_EXTENSIONS.some((ext) => declared.endsWith(ext)) ? declared : undefined,
    ...SOURCE_EXTENSIONS.map((ext) =>
      declared.replace(/^(?:dist|lib|build|out)\//, 'src/').replace(/\.[cm]?js$/, ext),
    ),
  ];
  const source = candidates
    .filter((c): c is string => typeof c === 'string')
    .map(strip)
    .find((c) => SOURCE_EXTENSIONS.some((ext) => c.endsWith(ext)) && existsSync(join(dir, c)));
  return { declared, source };
}

/**
 * Stages plugins for a test host. A folder whose entry is already what should run is loaded
 * as is. Otherwise (TypeScript source in place of a built entry, or an inline definition) the
 * host loads a staging folder in the OS temp directory holding the real manifest with `main`
 * pointing at a placeholder, and the harness's importer substitutes the real module: the host
 * still reads, validates and enforces the plugin's own manifest.
 */
export class PluginStager {
  #root: string | undefined;
  #count = 0;
  #inline = 0;
  readonly #substitutes = new Map<string, string | PluginDefinition<PluginTypes>>();

  /** Stages `source`; `fromSource` maps built entries to their TypeScript sources. */
  stage(source: PluginSource, fromSource: boolean): StagedPlugin {
    if (typeof source !== 'string') return this.#stageInline(source);
    const dir = resolve(source);
    // Each file read once: every test of a suite stages its plugin again.
    const pkg = readJson(join(dir, 'package.json'));
    const manifest = readJson(join(dir, 'stack-plugin.json'));
    const name = String(pkg.name);
    const { declared, source: sourceEntry } = sourceEntryOf(dir, manifest, pkg);
    if (!fromSource || sourceEntry === undefined || sourceEntry === declared) {
      return { name, dir, sourceDir: dir, substitute: undefined };
    }
    const staged = this.#write(
      name,
      { ...manifest, main: 'index.js' },
      { ...pkg, main: 'index.js' },
    );
    // The host reads the migration files from the package it loads: stage them beside it.
    for (const folder of migrationFolders(manifest)) {
      const from = join(dir, folder);
      if (existsSync(from)) cpSync(from, join(staged.dir, folder), { recursive: true });
    }
    const substitute = pathToFileURL(join(dir, sourceEntry)).href;
    this.#substitutes.set(staged.entry, substitute);
    return { name, dir: staged.dir, sourceDir: dir, substitute };
  }

  /** The module to import in place of `url` (a staged entry), or undefined. */
  substituteFor(url: string): string | PluginDefinition<PluginTypes> | undefined {
    const path = decodeURIComponent(new URL(url).pathname);
    return this.#substitutes.get(path);
  }

  /** Deletes every staging folder. */
  async dispose(): Promise<void> {
    if (this.#root !== undefined) await rm(this.#root, { recursive: true, force: true });
    this.#root = undefined;
  }

  #stageInline(plugin: InlinePlugin): StagedPlugin {
    this.#inline += 1;
    const name = plugin.name ?? `inline-plugin-${this.#inline}`;
    const manifest = { category: 'micro', host: '*', ...plugin.manifest, main: 'index.js' };
    const pkg = {
      name,
      version: plugin.version ?? '0.0.0',
      type: 'module',
      main: 'index.js',
      keywords: ['stack-plugin'],
      engines: { node: '>=22.12' },
    };
    const staged = this.#write(name, manifest, pkg);
    this.#substitutes.set(staged.entry, plugin.definition);
    return { name, dir: staged.dir, sourceDir: undefined, substitute: plugin.definition };
  }

  #write(name: string, manifest: object, pkg: object): { dir: string; entry: string } {
    this.#root ??= mkdtempSync(join(tmpdir(), 'stack-plugin-harness-'));
    this.#count += 1;
    const dir = join(this.#root, `${this.#count}-${name.replace(/[^A-Za-z0-9.-]/g, '_')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stack-plugin.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const entry = join(dir, 'index.js');
    // Never evaluated under the harness (its importer substitutes the real module); a clear
    // failure if something imports it directly.
    writeFileSync(
      entry,
      'throw new Error("staged by @stack-plugin/test-harness: load it through a test host");\n',
    );
    return { dir, entry };
  }
}

/**
 * The migration folders a manifest names (`db.migrations`, `db.databases.<name>.migrations`)
 * that are paths inside the package; the host refuses the others when it applies them.
 */
function migrationFolders(manifest: Record<string, unknown>): string[] {
  const db = manifest.db as
    | { migrations?: unknown; databases?: Record<string, { migrations?: unknown }> }
    | undefined;
  const named = Object.values(db?.databases ?? {}).map((d) => d?.migrations);
  return [db?.migrations, ...named].flatMap((folder) => {
    if (typeof folder !== 'string') return [];
    const normal = normalizeWorkspacePath(folder);
    return 'error' in normal || normal.path === '.' ? [] : [normal.path];
  });
}

function conditional(value: unknown, conditions: readonly string[]): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const condition of conditions) {
    const target = (value as Record<string, unknown>)[condition];
    if (typeof target === 'string') return target;
  }
  return undefined;
}

function strip(path: string): string {
  return path.replace(/^(?:\.\/)+/, '');
}

/**
 * A JSON file as an object; a missing file reads as `{}` (the host then says what is missing),
 * but a syntax error is reported as such, with its line and column, rather than swallowed into
 * "category/host missing".
 */
function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw createError(
      pdkErrors.MANIFEST_INVALID,
      {
        plugin: dirname(file),
        detail: `${basename(file)} is not valid JSON: ${withLineAndColumn(message, text)} (JSON allows no comments or trailing commas)`,
      },
      { cause: error },
    );
  }
}

/** Node names the line and column from 22 on; compute them from the position otherwise. */
function withLineAndColumn(message: string, text: string): string {
  if (/\(line \d+ column \d+\)/.test(message)) return message;
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position)).split('\n');
  return `${message} (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})`;
}
