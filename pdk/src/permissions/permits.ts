import { PERMISSION_DESCRIPTORS } from '../capabilities/capability-index.js';
import { hostPermissionDescriptor } from '../capabilities/host-capabilities.js';
import { globMatcher } from './glob-matcher.js';
import { topicPatternCovers } from './match-topic.js';
import { type PermissionParseResult, tryParsePermission } from './parse-permission.js';
import type { Permission } from './permission.js';

/** Most parsed grants kept; hosts check the same few strings on every operation. */
const PARSE_CACHE_LIMIT = 2000;

/**
 * A requested path in the form the globs are written in, or undefined when it could leave the
 * workspace root (absolute, drive letter, `..` segment, NUL), which no grant ever allows.
 */
function requestedPath(path: string): string | undefined {
  if (path === '' || path.includes('\0')) return undefined;
  const slashed = path.replaceAll('\\', '/');
  if (/^(?:\/|~|[A-Za-z]:)/.test(slashed)) return undefined;
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..') || segments.length === 0) return undefined;
  return segments.join('/');
}

const parseCache = new Map<string, PermissionParseResult>();

function parseCached(raw: string): PermissionParseResult {
  let result = parseCache.get(raw);
  if (result === undefined) {
    result = tryParsePermission(raw);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(raw, result);
  }
  return result;
}

function hostMatches(granted: string, requested: string): boolean {
  if (granted === '*') return true;
  if (granted.startsWith('*.')) {
    // The wildcard stands for one or more labels, never for none: `*.example.com` does not
    // grant `example.com` itself.
    return requested.endsWith(granted.slice(1)) && requested.length > granted.length - 1;
  }
  return granted === requested;
}

const descriptors = new Map(PERMISSION_DESCRIPTORS.map((p) => [p.kind as string, p]));

/** Whether one parsed grant allows one parsed request, by the target syntax of its kind. */
function allows(grant: Permission, request: Permission): boolean {
  const descriptor = descriptors.get(grant.kind) ?? hostPermissionDescriptor(grant.kind);
  if (descriptor === undefined) return false;
  if (grant.kind !== request.kind && !descriptor.implies?.includes(request.kind)) return false;
  const target = request.target ?? '';
  switch (descriptor.target) {
    case 'none':
      return true;
    case 'optional-name':
      // The bare kind grants the default target only, never the named ones.
      return (grant.target ?? '') === target;
    case 'glob': {
      const path = requestedPath(target);
      return path !== undefined && globMatcher(grant.target ?? '')(path);
    }
    case 'host':
      if (grant.port !== undefined && grant.port !== request.port) return false;
      // A request must name a concrete host; a wildcard request is never "allowed".
      return !target.includes('*') && hostMatches(grant.target ?? '', target);
    case 'topic':
      return !target.includes('*') && topicPatternCovers(grant.target ?? '', target);
    case 'topic-pattern':
      return topicPatternCovers(grant.target ?? '', target);
    case 'command':
      // A listed grant allows only requests naming first arguments it lists; a request
      // without one (see `execRequest`) needs a grant without a list.
      return (
        grant.target === target &&
        (grant.args === undefined ||
          (request.args !== undefined && request.args.every((a) => grant.args?.includes(a))))
      );
    default:
      return grant.target === target;
  }
}

/**
 * The granted permission that allows `requested`, or undefined. `requested` is what the host
 * builds for one operation: `fs:read:<relpath>`, `fs:write:<relpath>`, `net:<host>:<port>`,
 * `env:<NAME>`, `secret:<NAME>`, `exec:<command>[:<first argument>]` (see `execRequest`),
 * `events:emit:<topic>`,
 * `events:on:<pattern>`, `state` or `state:shared`, and for an optional-name kind such as `db`
 * the bare kind (default target) or `<kind>:<name>`. Never throws; anything invalid is denied.
 *
 * Semantics: fs globs match with picomatch (`dot: true`), and a requested path that is
 * absolute or has a `..` segment never matches; `*.example.com` matches any subdomain depth
 * but not `example.com`; `net:*` matches any host; a grant without a port allows every port;
 * env, secret and exec names match exactly (case-sensitive), and an `exec:` grant listing
 * first arguments allows only those; `events:on` requests must be
 * covered by the granted pattern; `state:shared` also allows `state`; `db` allows the default
 * database only and `db:<name>` that one named database only.
 */
export function findGrant(granted: readonly string[], requested: string): string | undefined {
  if (!Array.isArray(granted) || typeof requested !== 'string') return undefined;
  const request = tryParsePermission(requested);
  if (!request.ok) return undefined;
  for (const raw of granted) {
    if (typeof raw !== 'string') continue;
    const grant = parseCached(raw);
    if (grant.ok && allows(grant.permission, request.permission)) return raw;
  }
  return undefined;
}

/**
 * Whether any granted permission allows `requested`; see {@link findGrant} for the exact
 * semantics.
 *
 * @example
 * ```ts
 * import { permits } from '@stack-plugin/pdk';
 *
 * permits(['fs:read:src/**'], 'fs:read:src/a.ts'); // true
 * permits(['fs:read:src/**'], 'fs:read:src/../.env'); // false
 * permits(['net:*.example.com'], 'net:example.com:443'); // false
 * ```
 */
export function permits(granted: readonly string[], requested: string): boolean {
  return findGrant(granted, requested) !== undefined;
}
