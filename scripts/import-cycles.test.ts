import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, listSources } from './import-cycles.ts';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('reports each tangle once, as a closed path', () => {
    const cycles = findCycles(
      graph({ a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: ['f'], g: ['a'] }),
    );
    expect(cycles).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'e', 'd'],
      ['f', 'f'],
    ]);
  });
});

describe('importGraph', () => {
  it('follows type-only, re-export and dynamic imports, and .js specifiers to .ts files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'import-cycles-'));
    try {
      await writeFile(join(root, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
      await writeFile(join(root, 'b.ts'), "export type { C as B } from './c.js';\n");
      await writeFile(
        join(root, 'c.ts'),
        "export type C = 1;\nexport const load = () => import('./a.js');\nimport 'node:fs';\n",
      );
      const found = importGraph(root, listSources(root));
      expect(Object.fromEntries(found)).toEqual({
        'a.ts': ['b.ts'],
        'b.ts': ['c.ts'],
        'c.ts': ['a.ts'],
      });
      expect(findCycles(found)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
