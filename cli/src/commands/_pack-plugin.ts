import { createHash, type KeyObject } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compareCanonicalPaths,
  createError,
  createIntegrityManifest,
  INTEGRITY_FILE,
  isCoveredPath,
  pdkErrors,
  readPluginPackage,
  serializeIntegrityManifest,
  signIntegrityManifest,
} from '@stack-plugin/pdk';
import { runNpm } from './_npm.js';
import { type TarEntry, writeTarball } from './_tarball.js';

/** What {@link packPlugin} wrote. */
export interface PackResult {
  /** Absolute path of the tarball. */
  readonly file: string;
  readonly name: string;
  readonly version: string;
  /** Files covered by the integrity manifest. */
  readonly files: number;
  /** npm-style Subresource Integrity of the tarball (`sha512-...`), as `npm publish` reports. */
  readonly integrity: string;
  /** Keys that signed the manifest. */
  readonly signers: readonly string[];
  /** What authors should fix before publishing (install scripts hosts refuse). */
  readonly warnings: readonly string[];
}

/** npm's tarball file name for a package: `@scope/name` -> `scope-name-<version>.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Pack the plugin in `dir`. The file list is npm's own (`npm pack --dry-run --json`), so the
 * tarball holds exactly what `npm publish` would publish, plus the integrity manifest.
 *
 * @throws {@link StackPluginError} `MANIFEST_*` for an invalid plugin, `NPM_COMMAND_FAILED`,
 * `INTEGRITY_MANIFEST_INVALID` for files that cannot be covered (bundled dependencies).
 */
export async function packPlugin(
  dir: string,
  options: {
    outDir: string;
    key?: KeyObject | undefined;
    env: Readonly<Record<string, string | undefined>>;
  },
): Promise<PackResult> {
  const pkg = await readPluginPackage(dir);
  const { stdout } = await runNpm(['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    env: options.env,
  });
  const report = (
    JSON.parse(stdout) as Array<{ files: Array<{ path: string }>; bundled?: string[] }>
  )[0];
  if (report === undefined)
    throw createError(pdkErrors.INTERNAL, { detail: 'npm pack listed no package' });
  if ((report.bundled ?? []).length > 0) {
    throw createError(
      pdkErrors.INTEGRITY_MANIFEST_INVALID,
      {
        file: 'package.json',
        detail: `bundled dependencies (${report.bundled?.join(', ')}) live in node_modules/, which the manifest does not cover; drop "bundleDependencies"`,
      },
      { plugin: pkg.name },
    );
  }
  const paths = report.files
    .map((f) => f.path.replaceAll('\\', '/'))
    .filter(isCoveredPath)
    .sort(compareCanonicalPaths);
  const entries: TarEntry[] = await Promise.all(
    paths.map(async (path) => {
      const full = join(dir, path);
      const [content, info] = await Promise.all([readFile(full), stat(full)]);
      return { path, content, executable: (info.mode & 0o111) !== 0 };
    }),
  );
  let manifest = createIntegrityManifest(
    { name: pkg.name, version: pkg.version },
    entries.map((e) => [e.path, e.content] as const),
  );
  if (options.key !== undefined) manifest = signIntegrityManifest(manifest, options.key);
  entries.push({
    path: INTEGRITY_FILE,
    content: Buffer.from(serializeIntegrityManifest(manifest)),
  });
  const tarball = writeTarball(entries);
  await mkdir(options.outDir, { recursive: true });
  const file = join(options.outDir, tarballName(pkg.name, pkg.version));
  await writeFile(file, tarball);
  return {
    file,
    name: pkg.name,
    version: pkg.version,
    files: Object.keys(manifest.files).length,
    integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
    signers: manifest.signatures.map((s) => s.keyId),
    warnings: pkg.warnings
      .filter((issue) => issue.code === 'PACKAGE_INSTALL_SCRIPTS')
      .map((issue) => `${issue.message} ${issue.hint}`),
  };
}
