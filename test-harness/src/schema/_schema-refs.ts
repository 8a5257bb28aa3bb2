import { isPlainObject, type JsonSchema } from './_schema-algebra.js';

/** A subschema and where it sits, as a JSON Pointer fragment (`#/properties/a`). */
export interface Located {
  readonly schema: JsonSchema;
  readonly path: string;
}

/**
 * Resolves `$ref` and `$dynamicRef` inside one root schema: JSON Pointers (`#/$defs/a`),
 * anchors (`#name`, `$anchor` and `$dynamicAnchor`) and `$id`s of embedded resources. A
 * reference it cannot place (another document) gives undefined: the caller then generates
 * without it and leaves the check to the validator.
 */
export function createRefResolver(root: JsonSchema): (ref: string) => Located | undefined {
  const byId = new Map<string, Located>();
  const byAnchor = new Map<string, Located>();
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${path}/${i}`);
      return;
    }
    if (!isPlainObject(node)) return;
    if (typeof node.$id === 'string') byId.set(node.$id, { schema: node, path });
    for (const key of ['$anchor', '$dynamicAnchor'] as const) {
      const name = node[key];
      if (typeof name === 'string' && !byAnchor.has(name))
        byAnchor.set(name, { schema: node, path });
    }
    for (const [key, child] of Object.entries(node)) {
      // Values of these keywords are data, not schemas: an "$id" in an enum names nothing.
      if (key === 'const' || key === 'enum' || key === 'default' || key === 'examples') continue;
      visit(child, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    }
  };
  visit(root, '#');

  const pointer = (base: Located, fragment: string): Located | undefined => {
    let node: unknown = base.schema;
    for (const raw of fragment.split('/').slice(1)) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = Array.isArray(node)
        ? node[Number(key)]
        : isPlainObject(node) && Object.hasOwn(node, key)
          ? node[key]
          : undefined;
      if (node === undefined) return undefined;
    }
    return { schema: node as JsonSchema, path: `${base.path}${fragment}` };
  };

  return (ref) => {
    const hash = ref.indexOf('#');
    const resource = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    let base: Located | undefined = { schema: root, path: '#' };
    if (resource !== '') {
      base = byId.get(resource);
      if (base === undefined) {
        // Relative to the root's `$id`: match on the last path segments.
        const match = [...byId.entries()].find(([id]) => id.endsWith(`/${resource}`));
        base = match?.[1];
      }
    }
    if (base === undefined) return undefined;
    if (fragment === '') return base;
    if (fragment.startsWith('/')) return pointer(base, fragment);
    return byAnchor.get(fragment);
  };
}
