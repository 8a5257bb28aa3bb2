import { describe, expect, it } from 'vitest';
import { requirementErrors } from './requirement-errors.js';

const node = (name: string, requires: Record<string, string> = {}, version = '1.0.0') => ({
  name,
  version,
  requires,
});

describe('requirementErrors', () => {
  it('reports one error per plugin, every cycle, and only the plugins asked about', () => {
    const nodes = [
      node('a', { b: '*' }),
      node('b', { a: '*' }),
      node('c', { d: '*' }),
      node('d', { c: '*' }),
      node('e', { ghost: '^1.0.0', a: '^2.0.0' }),
      node('f', { ghost: '*' }),
    ];
    const errors = requirementErrors(nodes, new Set(['a', 'b', 'c', 'd', 'e']));
    expect(Object.fromEntries([...errors].map(([k, e]) => [k, `${e.code}: ${e.message}`]))).toEqual(
      {
        a: 'DEPENDENCY_CYCLE: Plugins require each other in a cycle: a -> b -> a.',
        b: 'DEPENDENCY_CYCLE: Plugins require each other in a cycle: a -> b -> a.',
        c: 'DEPENDENCY_CYCLE: Plugins require each other in a cycle: c -> d -> c.',
        d: 'DEPENDENCY_CYCLE: Plugins require each other in a cycle: c -> d -> c.',
        e: 'DEPENDENCY_MISSING: "e" requires "ghost" (^1.0.0), which is not configured.',
      },
    );
  });
});
