// Keeps package-lock.json installable with `npm ci` when the registry we reach lacks some
// platform builds of a package (it serves @biomejs/cli-linux-x64 but not the darwin, win32,
// android or musl builds). `npm install` then lists those builds under the parent's
// `optionalDependencies` without an entry of their own, and `npm ci` refuses the lock as "out
// of sync". They are optional and never installed on this platform, so we drop the dangling
// names. Idempotent; prints what it removed. Usage: node scripts/prune-lockfile.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

const lockPath = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const text = readFileSync(lockPath, 'utf8');
const lock = JSON.parse(text) as { packages: Record<string, LockEntry> };

/** Where npm would find `name` from the package at `from`: nested first, then each parent. */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (candidate in lock.packages) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

const removed: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  const optional = entry.optionalDependencies;
  if (optional === undefined) continue;
  for (const name of Object.keys(optional)) {
    if (!resolves(path, name)) {
      delete optional[name];
      removed.push(`${path || '(root)'} -> ${name}`);
    }
  }
  if (Object.keys(optional).length === 0) delete entry.optionalDependencies;
}

if (removed.length > 0) {
  if (process.argv.includes('--check')) {
    console.error(
      `package-lock.json lists optional packages it has no entry for:\n  ${removed.join('\n  ')}\nRun: node scripts/prune-lockfile.ts`,
    );
    process.exit(1);
  }
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    `prune-lockfile: removed ${removed.length} unavailable optional dependencies:\n  ${removed.join('\n  ')}`,
  );
} else {
  console.log('prune-lockfile: nothing to prune');
}
