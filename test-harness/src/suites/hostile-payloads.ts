/** One hostile input and what it tries. */
export interface HostilePayload {
  readonly name: string;
  readonly value: unknown;
}

/** Strings that try to climb out of folders or smuggle commands. */
export const TRAVERSAL_STRINGS: readonly string[] = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'file:///etc/passwd',
  'docs/\u0000../../secret',
  '$(id)',
  '; rm -rf / #',
  "{{constructor.constructor('return process')()}}",
];

function nest(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/**
 * Hostile variants of a valid `sample` input: prototype-pollution keys merged into it, every
 * string field replaced by traversal and injection strings, huge strings and arrays, very
 * deep nesting, and values of the wrong type. A sound host or plugin rejects them with a
 * coded error or handles them; it never crashes, hangs or pollutes a prototype.
 */
export function hostilePayloads(sample: unknown): HostilePayload[] {
  const base =
    typeof sample === 'object' && sample !== null && !Array.isArray(sample) ? sample : {};
  const out: HostilePayload[] = [
    {
      name: '__proto__ key',
      value: { ...base, ...JSON.parse('{"__proto__":{"polluted":"yes"}}') },
    },
    {
      name: 'constructor.prototype key',
      value: { ...base, constructor: { prototype: { polluted: 'yes' } } },
    },
    {
      name: 'nested __proto__ key',
      value: { ...base, nested: JSON.parse('{"__proto__":{"polluted":"yes"}}') },
    },
    {
      name: 'deeply nested object (5000 levels)',
      value: nest(5000, {}, (inner) => ({ a: inner })),
    },
    { name: 'deeply nested array (5000 levels)', value: nest(5000, [], (inner) => [inner]) },
    { name: 'huge array (200000 items)', value: new Array(200_000).fill(0) },
    { name: 'null', value: null },
    { name: 'array instead of object', value: [] },
    { name: 'number instead of object', value: 42 },
    { name: 'string instead of object', value: 'stack-probe' },
  ];
  const strings = stringPaths(base);
  for (const path of strings) {
    for (const text of TRAVERSAL_STRINGS) {
      out.push({
        name: `${path.join('.')} = ${JSON.stringify(text)}`,
        value: setAt(base, path, text),
      });
    }
    out.push({
      name: `${path.join('.')} = 2 MB string`,
      value: setAt(base, path, 'A'.repeat(2 ** 21)),
    });
  }
  if (strings.length === 0) {
    out.push({ name: 'huge string (2 MB)', value: 'A'.repeat(2 ** 21) });
  }
  return out;
}

function stringPaths(value: unknown, path: string[] = [], depth = 0): string[][] {
  if (typeof value === 'string') return [path];
  if (typeof value !== 'object' || value === null || depth > 4) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    stringPaths(child, [...path, key], depth + 1),
  );
}

function setAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as never)
    : { ...(value as object) };
  copy[head] = setAt((value as Record<string, unknown>)[head], rest, replacement);
  return copy;
}
