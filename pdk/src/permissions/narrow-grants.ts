import { PERMISSION_DESCRIPTORS } from '../capabilities/capability-index.js';
import { tryParsePermission } from './parse-permission.js';
import { findGrant } from './permits.js';

/**
 * What a host operator grants a plugin short of its manifest: `grant` narrows the permissions
 * of the kinds it names (`fs:read:data/**` in place of a requested `fs:read:**`), `deny` takes
 * permissions away, by kind (`net`, `fs:write`) or by permission (`net:evil.example`).
 */
export interface GrantNarrowing {
  readonly grant?: readonly string[];
  readonly deny?: readonly string[];
}

/** The permissions a plugin holds after narrowing: see {@link narrowGrants}. */
export interface PluginGrants {
  /** What its manifest asks for. */
  readonly requested: readonly string[];
  /**
   * What it may use: the requested permissions of the kinds `grant` does not name, the `grant`
   * entries in place of the others, minus what `deny` takes away.
   */
  readonly granted: readonly string[];
  /** The `deny` entries in force. */
  readonly deny: readonly string[];
  /** Requested permissions it does not hold as asked (narrowed or denied). */
  readonly withheld: readonly string[];
  /** Whether any narrowing is in force (`granted` may then differ from `requested`). */
  readonly narrowed: boolean;
}

const kindOf = new Map<string, { kind: string; implies: readonly string[] }>(
  PERMISSION_DESCRIPTORS.flatMap((p) =>
    [p.kind, ...(p.aliases ?? [])].map((spelling) => [
      spelling,
      { kind: p.kind, implies: p.implies ?? [] },
    ]),
  ),
);

/** The kind a deny entry names on its own (`net`, `fs:read`, `db`), or undefined. */
function deniedKind(entry: string): string | undefined {
  return kindOf.get(entry.trim().toLowerCase())?.kind;
}

function parsedKind(raw: string): string | undefined {
  const parsed = tryParsePermission(raw);
  return parsed.ok ? parsed.permission.kind : undefined;
}

function normalized(raw: string): string | undefined {
  const parsed = tryParsePermission(raw);
  return parsed.ok ? parsed.normalized : undefined;
}

/** Whether a deny entry takes away the permission or request `permission`. */
function denies(entry: string, permission: string): boolean {
  const kind = deniedKind(entry);
  if (kind !== undefined) return parsedKind(permission) === kind;
  const spelled = normalized(entry);
  return (
    spelled !== undefined &&
    (spelled === normalized(permission) || findGrant([entry], permission) !== undefined)
  );
}

/**
 * Problems of a narrowing against the permissions a manifest requests, one sentence each
 * (empty when it is sound): a `grant` entry must parse and be of a kind the manifest asks
 * for (a grant only narrows), a `deny` entry must be a permission kind or a permission.
 */
export function checkGrantNarrowing(
  requested: readonly string[],
  narrowing: GrantNarrowing,
): string[] {
  const problems: string[] = [];
  const kinds = new Set<string>();
  for (const raw of requested) {
    const kind = parsedKind(raw);
    if (kind === undefined) continue;
    kinds.add(kind);
    for (const implied of kindOf.get(kind)?.implies ?? []) kinds.add(implied);
  }
  for (const entry of narrowing.grant ?? []) {
    const parsed = tryParsePermission(entry);
    if (!parsed.ok) problems.push(`grant "${entry}" is not a permission: ${parsed.detail}`);
    else if (!kinds.has(parsed.permission.kind))
      problems.push(
        `grant "${entry}" narrows nothing the manifest asks for (no "${parsed.permission.kind}" permission)`,
      );
  }
  for (const entry of narrowing.deny ?? []) {
    if (deniedKind(entry) !== undefined) continue;
    const parsed = tryParsePermission(entry);
    if (!parsed.ok)
      problems.push(
        `deny "${entry}" is neither a permission kind nor a permission: ${parsed.detail}`,
      );
  }
  return problems;
}

/**
 * The permissions a plugin holds when its manifest requests `requested` and the host narrows
 * them: each `grant` entry replaces the requested permissions of its kind (and of kinds that
 * imply it: `state:shared` for `state`), and `deny` removes permissions. Run time checks use
 * {@link findNarrowedGrant}, which also requires a requested permission to allow the
 * operation, so a `grant` entry can never reach beyond the manifest.
 */
export function narrowGrants(
  requested: readonly string[],
  narrowing: GrantNarrowing = {},
): PluginGrants {
  const grant = narrowing.grant ?? [];
  const deny = narrowing.deny ?? [];
  const narrowedKinds = new Set(grant.map(parsedKind).filter((k) => k !== undefined));
  const replaced = (raw: string) => {
    const kind = parsedKind(raw);
    if (kind === undefined) return false;
    if (narrowedKinds.has(kind)) return true;
    return (kindOf.get(kind)?.implies ?? []).some((k) => narrowedKinds.has(k));
  };
  const base = [...requested.filter((p) => !replaced(p)), ...grant];
  const granted = base.filter((p) => !deny.some((d) => denies(d, p)));
  return {
    requested: [...requested],
    granted,
    deny: [...deny],
    withheld: requested.filter((p) => !granted.includes(p)),
    narrowed: grant.length > 0 || deny.length > 0,
  };
}

/**
 * The granted permission that allows the operation `requested` (as for `findGrant`), or
 * undefined: the operation must be allowed by a requested permission and by a granted one,
 * and matched by no `deny` entry.
 */
export function findNarrowedGrant(grants: PluginGrants, requested: string): string | undefined {
  if (!grants.narrowed) return findGrant(grants.requested, requested);
  if (grants.deny.some((d) => denies(d, requested))) return undefined;
  if (findGrant(grants.requested, requested) === undefined) return undefined;
  return findGrant(grants.granted, requested);
}
