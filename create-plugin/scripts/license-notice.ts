/**
 * The licence notice of a bundle: for every third-party package esbuild read a file of, its
 * name, version, declared licence and the text of its licence files, in one file shipped with
 * the bundle. Bundling drops the packages' own folders, and with them the LICENSE files most of
 * these licences (MIT, ISC, BSD) require copies to keep.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** One bundled package. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** Contents of its LICENSE/LICENCE/COPYING/NOTICE files; empty when it ships none. */
  readonly texts: readonly string[];
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

/** The folder of the package a file under node_modules belongs to. */
function packageRoot(file: string): string | undefined {
  const cut = file.lastIndexOf(`${sep}node_modules${sep}`);
  if (cut < 0) return undefined;
  const rest = file.slice(cut + 14).split(sep);
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  return join(file.slice(0, cut + 14), ...rest.slice(0, depth));
}

/** The packages under node_modules that `files` come from (the kit's own packages are not there). */
export function bundledPackages(files: readonly string[]): BundledPackage[] {
  const roots = new Set<string>();
  for (const file of files) {
    const root = packageRoot(file);
    if (root !== undefined && existsSync(join(root, 'package.json'))) roots.add(root);
  }
  const found = new Map<string, BundledPackage>();
  for (const root of roots) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: unknown;
    };
    const texts = readdirSync(root)
      .filter((f) => LICENSE_FILE.test(f))
      .sort()
      .map((f) => readFileSync(join(root, f), 'utf8').trim());
    const license = typeof pkg.license === 'string' ? pkg.license : 'see its licence text';
    found.set(`${pkg.name}@${pkg.version}`, {
      name: pkg.name,
      version: pkg.version,
      license,
      texts,
    });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Write the notice for the inputs of a bundle to `out`; returns the packages listed.
 * `kitPackage` is the folder of the kit's contract package, which the bundle inlines too.
 */
export async function writeLicenseNotice(
  inputs: readonly string[],
  out: string,
  kitPackage: string,
): Promise<BundledPackage[]> {
  const packages = bundledPackages(inputs);
  const kit = JSON.parse(readFileSync(join(kitPackage, 'package.json'), 'utf8')) as {
    name: string;
    license: string;
  };
  const sections = packages.map((p) =>
    [
      `${p.name}@${p.version} (${p.license})`,
      p.texts.length > 0 ? p.texts.join('\n\n') : `No licence file shipped; licence: ${p.license}.`,
    ].join('\n\n'),
  );
  const text = [
    "create-stack-plugin bundles the code of the packages below (and the kit's own",
    `${kit.name}, ${kit.license}). Their licences follow, as each package published them.`,
    ...sections,
  ].join(`\n\n${'-'.repeat(78)}\n\n`);
  await writeFile(out, `${text}\n`);
  return packages;
}
