// Seeds the local registry with the third-party packages the published kit and a generated
// project need, taken from the monorepo's installed node_modules (no network): the closure of
// the workspace packages' runtime dependencies and the template tool versions, resolved
// through package-lock.json exactly as Node would, and published over Verdaccio's HTTP
// publish API (what `npm publish` sends), one request per package version.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import semver from 'semver';
// The built module, not the source: this file also runs under plain Node (scripts/demo.sh,
// `npm run registry`, after `npm run build`), whose type stripping does not map the source's
// `.js` specifiers to `.ts` files.
import { writeTarball } from '../../cli/dist/commands/_tarball.js';

interface LockEntry {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** What was mirrored. */
export interface MirrorResult {
  readonly packages: number;
  readonly versions: number;
  readonly bytes: number;
  /**
   * Lockfile entries in the closure that are not installed here (other platforms); mirrored
   * packages list only the optional dependencies that are mirrored too.
   */
  readonly skipped: readonly string[];
}

/** The lockfile keys (`node_modules/...`) of every third-party package the roots need. */
export function dependencyClosure(
  lock: Record<string, LockEntry>,
  roots: ReadonlyArray<{ from: string; names: readonly string[] }>,
): string[] {
  const seen = new Set<string>();
  const queue: Array<[string, string]> = roots.flatMap(({ from, names }) =>
    names.map((name): [string, string] => [from, name]),
  );
  while (queue.length > 0) {
    const [from, name] = queue.pop() as [string, string];
    const key = resolveKey(lock, from, name);
    if (key === undefined || seen.has(key) || lock[key]?.link === true) continue;
    seen.add(key);
    const entry = lock[key] as LockEntry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const deps = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter(
        (n) => optionalPeers[n]?.optional !== true,
      ),
    ];
    for (const dep of deps) queue.push([key, dep]);
  }
  return [...seen].sort();
}

/** Node's lookup: `<from>/node_modules/<name>`, then each enclosing node_modules up to the root. */
function resolveKey(
  lock: Record<string, LockEntry>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (lock[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Publish the closure for `roots` from `<repo>/node_modules` into the registry. */
export async function mirrorDependencies(
  repo: string,
  registryUrl: string,
  roots: ReadonlyArray<{ from: string; names: readonly string[] }>,
): Promise<MirrorResult> {
  const lock = (
    JSON.parse(await readFile(join(repo, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    }
  ).packages;
  const keys = dependencyClosure(lock, roots);
  const skipped = keys.filter((key) => !existsSync(join(repo, key, 'package.json')));
  const byName = new Map<string, Array<{ dir: string; version: string }>>();
  for (const key of keys) {
    if (skipped.includes(key)) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const version = lock[key]?.version as string;
    const list = byName.get(name) ?? [];
    if (!list.some((v) => v.version === version)) list.push({ dir: join(repo, key), version });
    byName.set(name, list);
  }
  let bytes = 0;
  let versions = 0;
  const names = [...byName.keys()];
  // Versions of one package go in ascending order so "latest" ends on the highest.
  await inParallel(names, 8, async (name) => {
    const list = (byName.get(name) ?? []).sort((a, b) => semver.compare(a.version, b.version));
    for (const { dir } of list) {
      const size = await publishInstalledPackage(dir, registryUrl, (dep) => byName.has(dep));
      bytes += size;
      versions += 1;
    }
  });
  return { packages: names.length, versions, bytes, skipped };
}

/**
 * Re-pack an installed package folder and PUT it to the registry; returns the tarball size.
 * Optional dependencies that are not `mirrored` (platform binaries for other systems, which
 * this machine does not have) are left out of its package.json: npm would record them as
 * missing, and `npm ci` then refuses the project's lockfile as out of sync.
 */
async function publishInstalledPackage(
  dir: string,
  registryUrl: string,
  mirrored: (name: string) => boolean,
): Promise<number> {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const name = manifest.name as string;
  const version = manifest.version as string;
  const optional = manifest.optionalDependencies as Record<string, string> | undefined;
  if (optional !== undefined) {
    manifest.optionalDependencies = Object.fromEntries(
      Object.entries(optional).filter(([dep]) => mirrored(dep)),
    );
  }
  for (const key of Object.keys(manifest)) if (key.startsWith('_')) delete manifest[key];
  const bundled = Boolean(manifest.bundleDependencies ?? manifest.bundledDependencies);
  const entries = (await listFiles(dir, '', bundled)).map((entry) =>
    entry.path === 'package.json' && optional !== undefined
      ? { ...entry, content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }
      : entry,
  );
  const tarball = writeTarball(entries, 1);
  const file = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
  const body = {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: {
        ...manifest,
        _id: `${name}@${version}`,
        dist: {
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
          shasum: createHash('sha1').update(tarball).digest('hex'),
          tarball: `${registryUrl}${name}/-/${file}`,
        },
      },
    },
    _attachments: {
      [file]: {
        content_type: 'application/octet-stream',
        data: tarball.toString('base64'),
        length: tarball.length,
      },
    },
  };
  try {
    await put(`${registryUrl}${name.replace('/', '%2f')}`, JSON.stringify(body));
  } catch (error) {
    throw new Error(`mirroring ${name}@${version} (${tarball.length} bytes) failed`, {
      cause: error,
    });
  }
  return tarball.length;
}

async function listFiles(
  dir: string,
  relative: string,
  keepNodeModules: boolean,
): Promise<Array<{ path: string; content: Buffer; executable: boolean }>> {
  const out: Array<{ path: string; content: Buffer; executable: boolean }> = [];
  for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (relative === '' && entry.name === 'node_modules' && !keepNodeModules) continue;
      out.push(...(await listFiles(dir, path, keepNodeModules)));
    } else if (entry.isFile()) {
      const full = join(dir, path);
      const [content, info] = await Promise.all([readFile(full), stat(full)]);
      out.push({ path, content, executable: (info.mode & 0o111) !== 0 });
    }
  }
  return out;
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/**
 * PUT over a fresh connection each time: a pooled keep-alive socket can be closed by the server
 * while a large tarball is still being compressed, which surfaces as ECONNRESET on reuse.
 */
function put(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'PUT',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer anonymous',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          // 409: that version is already there (a persistent registry started again).
          if ((status >= 200 && status < 300) || status === 409) resolve();
          else
            reject(new Error(`${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
