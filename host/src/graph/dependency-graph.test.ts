import { describe, expect, it } from 'vitest';
import { DependencyGraph, formatCycle } from './dependency-graph.js';

const node = (name: string, requires: Record<string, string> = {}, version = '1.0.0') => ({
  name,
  version,
  requires,
});

describe('DependencyGraph', () => {
  it('lists requirements that are not in the graph', () => {
    const graph = DependencyGraph.from([node('a', { b: '^1.0.0', ghost: '^2.0.0' }), node('b')]);
    expect(graph.findMissing()).toEqual([{ plugin: 'a', dependency: 'ghost', range: '^2.0.0' }]);
  });

  it('lists requirements present with a version outside the range', () => {
    const graph = DependencyGraph.from([
      node('a', { b: '^2.0.0', c: '>=1.0.0' }),
      node('b', {}, '1.4.0'),
      node('c', {}, '1.0.0-beta.1'),
    ]);
    expect(graph.findVersionMismatches()).toEqual([
      { plugin: 'a', dependency: 'b', range: '^2.0.0', version: '1.4.0' },
      { plugin: 'a', dependency: 'c', range: '>=1.0.0', version: '1.0.0-beta.1' },
    ]);
  });

  it('returns a cycle as a closed path', () => {
    const graph = DependencyGraph.from([
      node('root', { a: '*' }),
      node('a', { b: '*' }),
      node('b', { c: '*' }),
      node('c', { a: '*' }),
    ]);
    const cycle = graph.findCycle();
    expect(cycle).toEqual(['a', 'b', 'c', 'a']);
    expect(formatCycle(cycle ?? [])).toBe('a -> b -> c -> a');
  });

  it('finds a plugin that requires itself', () => {
    expect(DependencyGraph.from([node('solo', { solo: '*' })]).findCycle()).toEqual([
      'solo',
      'solo',
    ]);
  });

  it('has no cycle in a diamond', () => {
    const graph = DependencyGraph.from([
      node('top', { left: '*', right: '*' }),
      node('left', { base: '*' }),
      node('right', { base: '*' }),
      node('base'),
    ]);
    expect(graph.findCycle()).toBeUndefined();
    expect(graph.levels()).toEqual([['base'], ['left', 'right'], ['top']]);
    expect(graph.topologicalOrder()).toEqual(['base', 'left', 'right', 'top']);
  });

  it('puts independent plugins in the same level and ignores missing requirements', () => {
    const graph = DependencyGraph.from([
      node('x', { ghost: '*' }),
      node('y'),
      node('z', { y: '*' }),
    ]);
    expect(graph.levels()).toEqual([['x', 'y'], ['z']]);
  });

  it('refuses to order a cyclic graph', () => {
    const graph = DependencyGraph.from([node('a', { b: '*' }), node('b', { a: '*' })]);
    expect(() => graph.levels()).toThrow('dependency cycle: a -> b -> a');
  });

  it('finds transitive dependents and requirements', () => {
    const graph = DependencyGraph.from([
      node('base'),
      node('mid', { base: '*' }),
      node('top', { mid: '*' }),
      node('other'),
    ]);
    expect(graph.dependentsOf('base').sort()).toEqual(['mid', 'top']);
    expect(graph.dependentsOf('other')).toEqual([]);
    expect(graph.requirementsOf('top').sort()).toEqual(['base', 'mid']);
    expect(graph.requirementsOf('base')).toEqual([]);
  });

  it('orders every plugin after all it requires (property)', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(9), { maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        (edges) => {
          // Only edges to lower indexes: acyclic by construction.
          const nodes = edges.map((deps, i) =>
            node(`p${i}`, Object.fromEntries(deps.filter((d) => d < i).map((d) => [`p${d}`, '*']))),
          );
          const order = DependencyGraph.from(nodes).topologicalOrder();
          expect(order).toHaveLength(nodes.length);
          for (const n of nodes) {
            for (const dep of Object.keys(n.requires)) {
              expect(order.indexOf(dep)).toBeLessThan(order.indexOf(n.name));
            }
          }
        },
      ),
    );
  });
});
