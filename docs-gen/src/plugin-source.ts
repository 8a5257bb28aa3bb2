import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { createError, MANIFEST_FILE, pdkErrors, validateManifest } from '@stack-plugin/pdk';
import { toPosix } from './_paths.js';
import { docsGenErrors } from './docs-gen-errors.js';

/** A Markdown guide from the package's `docs/` folder. */
export interface Guide {
  /** Absolute path of the file; `{@link}` and relative links resolve from it. */
  readonly path: string;
  /** From front matter `title`, else the first `#` heading, else the file name. */
  readonly title: string;
  readonly markdown: string;
}

/** Everything the docs are built from. */
export interface PackageSource {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** The validated `stack-plugin.json`, or undefined for a library (no manifest pages). */
  readonly manifest?: { readonly [field: string]: unknown };
  /** Absolute path of the TypeScript entry point typedoc and api-extractor start from. */
  readonly entry: string;
  /** The package's `tsconfig.json`, if it has one. */
  readonly tsconfig?: string;
  readonly guides: readonly Guide[];
  /** README.md shown on the site's front page, if present. */
  readonly readme?: string;
}

type Json = { readonly [k: string]: unknown };
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Candidate entry files, most explicit first. */
function entryCandidates(dir: string, pkg: Json, main: string | undefined): string[] {
  const out: string[] = [];
  const exportsField = pkg.exports;
  const dot = isObject(exportsField) ? exportsField['.'] : undefined;
  if (isObject(dot) && typeof dot.source === 'string') out.push(dot.source);
  if (typeof pkg.source === 'string') out.push(pkg.source);
  for (const m of [main, typeof pkg.main === 'string' ? pkg.main : undefined]) {
    if (!m) continue;
    if (/\.(m?ts|tsx)$/.test(m)) out.push(m);
    // A built entry (`dist/index.js`) maps back to its source (`src/index.ts`).
    const built = /^(?:\.\/)?(?:dist|lib|build|out)\/(.*)\.(m?)js$/.exec(m);
    if (built) out.push(`src/${built[1]}.${built[2]}ts`);
  }
  out.push('src/index.ts', 'index.ts');
  return [...new Set(out.map((p) => resolve(dir, p)))];
}

/** The Markdown guides in `folder`, sorted by file name so authors can order them with prefixes. */
export async function readGuides(folder: string): Promise<Guide[]> {
  if (!existsSync(folder)) return [];
  const names = (await readdir(folder, { recursive: true }))
    .filter((n) => n.endsWith('.md'))
    .sort();
  const guides: Guide[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const markdown = await readFile(path, 'utf8');
    const front = /^---\n([\s\S]*?)\n---/.exec(markdown)?.[1] ?? '';
    const title =
      /^title:\s*["']?(.+?)["']?\s*$/m.exec(front)?.[1] ??
      /^#\s+(.+)$/m.exec(markdown.slice(front ? front.length + 8 : 0))?.[1] ??
      basename(name, '.md');
    guides.push({ path, title: title.trim(), markdown });
  }
  return guides;
}

/**
 * Reads what the docs need from a package folder. A plugin (with `stack-plugin.json`) is read
 * and validated through the pdk, so an invalid manifest fails here with `MANIFEST_INVALID`;
 * any other package is documented as a library.
 */
export async function readPackageSource(
  dir: string,
  options: { entry?: string } = {},
): Promise<PackageSource> {
  const root = resolve(dir);
  const pkgJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Json;
  const name = String(pkgJson.name ?? basename(root));
  const version = String(pkgJson.version ?? '0.0.0');
  const description = typeof pkgJson.description === 'string' ? pkgJson.description : undefined;
  let manifest: Json | undefined;
  let main: string | undefined;
  const manifestPath = join(root, MANIFEST_FILE);
  if (existsSync(manifestPath)) {
    manifest = JSON.parse((await readFile(manifestPath, 'utf8')).replace(/^\uFEFF/, '')) as Json;
    // Docs are built from the sources, so the built entry (dist/) need not exist yet: the
    // entry check is the only one relaxed here.
    const report = validateManifest({ manifest, packageJson: pkgJson, fileExists: () => true });
    if (!report.ok) {
      const issues = report.issues.filter((i) => i.severity === 'error');
      throw createError(pdkErrors.MANIFEST_INVALID, { plugin: name, issues });
    }
    main = typeof manifest.main === 'string' ? manifest.main : undefined;
  }
  const candidates = options.entry
    ? [resolve(root, options.entry)]
    : entryCandidates(root, pkgJson, main);
  const entry = candidates.find((c) => existsSync(c));
  if (!entry) {
    throw createError(docsGenErrors.DOCS_ENTRY_NOT_FOUND, {
      plugin: name,
      tried: candidates.map((c) => toPosix(relative(root, c))),
    });
  }
  const tsconfig = join(root, 'tsconfig.json');
  const readme = join(root, 'README.md');
  return {
    dir: root,
    name,
    version,
    ...(description ? { description } : {}),
    ...(manifest ? { manifest } : {}),
    entry,
    ...(existsSync(tsconfig) ? { tsconfig } : {}),
    guides: await readGuides(join(root, 'docs')),
    ...(existsSync(readme) ? { readme } : {}),
  };
}
