import { PERMISSION_DESCRIPTORS } from '../capabilities/capability-index.js';

/** `fs:read` -> `[fF][sS]:[rR][eE][aA][dD]`: JSON Schema patterns have no case-insensitive flag. */
function anyCase(text: string): string {
  return [...text]
    .map((ch) =>
      /[a-z]/i.test(ch)
        ? `[${ch.toLowerCase()}${ch.toUpperCase()}]`
        : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
}

/**
 * The pattern of a permission string in the published JSON Schema, derived from the
 * capability table: a known kind (or alias, in any case, as the parser accepts), then `:` and
 * a target for kinds that take one (both forms for an optional-name kind). Editors flag `fs:wirte:x` or `net` as you type; the
 * validator still checks each target fully (`PERMISSION_INVALID` with a hint).
 */
export function permissionPattern(): string {
  const bare: string[] = [];
  const targeted: string[] = [];
  for (const p of PERMISSION_DESCRIPTORS) {
    for (const spelling of [p.kind, ...(p.aliases ?? [])]) {
      // An optional-name kind (`db`) is written both alone and with a target (`db:reports`).
      if (p.target === 'none' || p.target === 'optional-name') bare.push(anyCase(spelling));
      if (p.target !== 'none') targeted.push(anyCase(spelling));
    }
  }
  // Longest first, so `fs:read` is tried before a shorter kind it starts with.
  const byLength = (a: string, b: string) => b.length - a.length;
  // A host-defined capability's kinds are dotted names (`acme.tickets`, `acme.tickets:write`);
  // the host that defines it checks the rest.
  const host = '[a-zA-Z][a-zA-Z0-9-]*(?:\\.[a-zA-Z][a-zA-Z0-9-]*)+(?::\\S.*)?';
  return `^\\s*(?:(?:${bare.sort(byLength).join('|')})|(?:${targeted.sort(byLength).join('|')}):\\S.*|${host})\\s*$`;
}
