import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
import { runNpm } from './_npm.js';
import { readTarball, type TarEntry } from './_tarball.js';

/** Where a package to install comes from, as told by its spec. */
export type PackageSourceKind = 'registry' | 'folder' | 'tarball' | 'git';

/** A package fetched as one tarball and unpacked into a private folder, nothing run. */
export interface AcquiredPackage {
  readonly spec: string;
  readonly kind: PackageSourceKind;
  /** The tarball's bytes: what is verified is what gets installed. */
  readonly bytes: Buffer;
  /** npm-style Subresource Integrity of `bytes` (`sha512-...`), as the lockfile records it. */
  readonly integrity: string;
  readonly entries: readonly TarEntry[];
  /** The tarball unpacked (regular files only), for the checks a host runs on a folder. */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  /** Removes the private folder. */
  dispose(): Promise<void>;
}

/**
 * Which kind of source `spec` names: a path to a folder or `.tgz`, a tarball URL, a git URL
 * (or `github:` shorthand), else a registry name with an optional range.
 */
export function sourceKind(spec: string, cwd: string): PackageSourceKind {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec) || /\.git(#.*)?$/.test(spec)) {
    return 'git';
  }
  if (/^https?:\/\//.test(spec)) return 'tarball';
  if (
    /^(\.{1,2}|~)?[/\\]/.test(spec) ||
    spec.startsWith('file:') ||
    /\.(tgz|tar\.gz)$/.test(spec)
  ) {
    const path = resolve(cwd, spec.replace(/^file:/, ''));
    return existsSync(path) && statSync(path).isDirectory() ? 'folder' : 'tarball';
  }
  return 'registry';
}

/**
 * Fetch `spec` as one tarball with `npm pack --ignore-scripts` (registry, folder, tarball path
 * or URL, git: npm resolves each the way `npm install` would, and runs no script of the
 * package), read it with the bounded tar reader, and unpack it into a private folder.
 *
 * @throws {@link StackPluginError} `NPM_COMMAND_FAILED`, `TARBALL_INVALID`.
 */
export async function acquirePackage(
  spec: string,
  options: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    registry: readonly string[];
  },
): Promise<AcquiredPackage> {
  const kind = sourceKind(spec, options.cwd);
  const work = await mkdtemp(join(tmpdir(), 'stack-plugin-acquire-'));
  const dispose = () => rm(work, { recursive: true, force: true });
  try {
    const local = kind === 'folder' || (kind === 'tarball' && !/^https?:/.test(spec));
    const target = local ? localSpec(spec, options.cwd) : spec;
    await mkdir(join(work, 'pack'));
    const { stdout } = await runNpm(
      [
        'pack',
        '--ignore-scripts',
        '--json',
        '--pack-destination',
        join(work, 'pack'),
        ...options.registry,
        target,
      ],
      { cwd: options.cwd, env: options.env },
    );
    const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
    const bytes = await readFile(join(work, 'pack', report?.filename ?? ''));
    const entries = readTarball(bytes);
    const dir = join(work, 'package');
    for (const entry of entries) {
      const file = join(dir, entry.path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, entry.content, { mode: entry.executable === true ? 0o755 : 0o644 });
    }
    const pkg = readPackageJson(entries, spec);
    return {
      spec,
      kind,
      bytes,
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      entries,
      dir,
      name: pkg.name,
      version: pkg.version,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

// npm pack needs "./x" (not "x") to read a relative path as a path rather than a name.
function localSpec(spec: string, cwd: string): string {
  return resolve(cwd, spec.replace(/^file:/, ''));
}

function readPackageJson(entries: readonly TarEntry[], spec: string) {
  const raw = entries.find((e) => e.path === 'package.json')?.content;
  let pkg: { name?: unknown; version?: unknown } | undefined;
  try {
    pkg = raw === undefined ? undefined : JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    pkg = undefined;
  }
  if (typeof pkg?.name !== 'string' || typeof pkg.version !== 'string') {
    throw createError(cliErrors.TARBALL_INVALID, {
      detail: `the package of "${spec}" has no package.json with a name and a version`,
    });
  }
  return { name: pkg.name, version: pkg.version };
}
