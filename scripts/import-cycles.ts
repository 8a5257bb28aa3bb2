import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A module and the modules it imports, as paths relative to the scanned root. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SKIP = new Set(['node_modules', 'dist', '.tools', '.tmp', '.git', 'fixtures']);

/** Every `.ts` file under `dir` (tests included: a cycle through a test is still a cycle). */
export function listSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSources(path));
    else if (/\.(c|m)?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/**
 * The relative imports of each file: static, type-only (`import type`, `export type ... from`)
 * and dynamic `import()`, since a type-only back-edge is still a cycle between two modules.
 * `./x.js` resolves to `./x.ts` as TypeScript's `nodenext` resolution does.
 */
export function importGraph(root: string, files: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveSource(resolve(dirname(file), fileName));
      if (target !== undefined) targets.push(relative(root, target));
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

function resolveSource(path: string): string | undefined {
  const candidates = [
    path,
    path.replace(/\.(c|m)?js$/, '.$1ts'),
    `${path}.ts`,
    join(path, 'index.ts'),
  ];
  return candidates.find((c) => /\.(c|m)?tsx?$/.test(c) && existsSync(c));
}

/**
 * Every import cycle, each as a closed path (`a.ts -> b.ts -> a.ts`), one per strongly
 * connected group of modules (Tarjan's algorithm), so one tangle is reported once; sorted.
 */
export function findCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group = new Set<string>();
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.add(member);
      if (member === node) break;
    }
    const selfLoop = graph.get(node)?.includes(node) ?? false;
    if (group.size > 1 || selfLoop) cycles.push(pathWithin(graph, node, group));
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles.sort((x, y) => ((x[0] ?? '') < (y[0] ?? '') ? -1 : 1));
}

/** A closed path from `start` back to itself through `group` (breadth-first, so shortest). */
function pathWithin(graph: ImportGraph, start: string, group: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of graph.get(node) ?? []) {
      if (!group.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (
          let at: string | undefined = node;
          at !== start && at !== undefined;
          at = previous.get(at)
        )
          path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
