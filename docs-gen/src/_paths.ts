import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest `node_modules` folder at or above `dir`, or undefined. */
export function findNodeModules(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** The nearest folder at or above `dir` that contains `name`, or undefined. */
export function findUp(dir: string, name: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, name))) return join(current, name);
    if (dirname(current) === current) return undefined;
  }
}

/** POSIX-style path, as typedoc and URLs use. */
export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}
