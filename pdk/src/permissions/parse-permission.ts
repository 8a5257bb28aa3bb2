import { domainToASCII } from 'node:url';
import type { TargetSyntax } from '../capabilities/capability-descriptor.js';
import { PERMISSION_DESCRIPTORS } from '../capabilities/capability-index.js';
import { findHostPermissionKind, isHostPermission } from '../capabilities/host-capabilities.js';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import { checkTopicPattern } from './match-topic.js';
import type { Permission, PermissionKind } from './permission.js';

/** Result of {@link tryParsePermission}: the permission and its normal spelling, or why not. */
export type PermissionParseResult =
  | { ok: true; permission: Permission; normalized: string }
  | { ok: false; detail: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused.
const FIRST_ARGUMENT = /^[^\s,*\x00-\x1f\x7f]{1,256}$/;
/** Variables holding secrets (`STACK_SECRET_<NAME>`), read only through `secret:<NAME>`. */
const SECRET_VARIABLE = /^STACK_SECRET_/i;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//;
const MAX_LENGTH = 1024;
/** A named target (`db:reports`): usable as a file name, a schema suffix and an identifier. */
const TARGET_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Prefixes with a target, from the capability table (aliases included), longest first so
 * `fs:read:` wins over a shorter match; and the kinds written without a target.
 */
const PREFIXES: ReadonlyArray<readonly [string, PermissionKind, TargetSyntax]> =
  PERMISSION_DESCRIPTORS.filter((p) => p.target !== 'none')
    .flatMap((p) =>
      [p.kind, ...(p.aliases ?? [])].map((spelling) => [`${spelling}:`, p.kind, p.target] as const),
    )
    .sort((a, b) => b[0].length - a[0].length);
const BARE_KINDS: ReadonlySet<string> = new Set(
  PERMISSION_DESCRIPTORS.filter((p) => p.target === 'none' || p.target === 'optional-name').map(
    (p) => p.kind,
  ),
);

/**
 * The prefix of a registered host capability permission (`acme.tickets:`), or the kind alone
 * when it takes no target: `[prefix, kind, syntax]` as in `PREFIXES`.
 */
function hostPrefix(lower: string): readonly [string, PermissionKind, TargetSyntax] | undefined {
  const p = findHostPermissionKind(lower);
  if (p === undefined) return undefined;
  const kind = p.kind as PermissionKind;
  if (lower === p.kind) {
    if (p.target === 'none' || p.target === 'optional-name') return [lower, kind, p.target];
    return undefined;
  }
  return p.target === 'none' ? undefined : [`${p.kind}:`, kind, p.target];
}

/**
 * Parse a permission string without throwing. Accepts harmless variants (upper-case kinds,
 * `secrets:`, `./` in globs, upper-case hosts, URL schemes on hosts) and reports their normal
 * spelling, which {@link normalizePermission} returns and `validate --fix` writes.
 */
export function tryParsePermission(raw: unknown): PermissionParseResult {
  if (typeof raw !== 'string') return { ok: false, detail: 'permissions are strings' };
  if (raw.length > MAX_LENGTH)
    return { ok: false, detail: `it is longer than ${MAX_LENGTH} characters` };
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (BARE_KINDS.has(lower)) {
    const kind = lower as PermissionKind;
    return { ok: true, permission: { kind, raw }, normalized: kind };
  }
  const prefix = PREFIXES.find(([p]) => lower.startsWith(p)) ?? hostPrefix(lower);
  if (prefix === undefined) {
    if (isHostPermission(lower)) {
      const capability = lower.split(':')[0];
      return {
        ok: false,
        detail: `"${capability}" is a host capability this host does not define`,
      };
    }
    const bare = PREFIXES.find(([p]) => lower === p.slice(0, -1));
    return {
      ok: false,
      detail: bare
        ? `"${bare[1]}" needs a target after the colon`
        : 'it does not start with a known kind',
    };
  }
  const [prefixText, kind, syntax] = prefix;
  if (!prefixText.endsWith(':')) {
    // A host capability's kind written alone (`acme.tickets`).
    return { ok: true, permission: { kind, raw }, normalized: kind };
  }
  const rest = text.slice(prefixText.length);
  const parsed = parseTarget(kind, syntax, rest);
  if (typeof parsed === 'string') return { ok: false, detail: parsed };
  const permission: Permission = { kind, raw, target: parsed.target };
  if (parsed.port !== undefined) permission.port = parsed.port;
  if (parsed.args !== undefined) permission.args = parsed.args;
  const port = parsed.port === undefined ? '' : `:${parsed.port}`;
  const args = parsed.args === undefined ? '' : `:${parsed.args.join(',')}`;
  return { ok: true, permission, normalized: `${kind}:${parsed.target}${port}${args}` };
}

/**
 * Parse a permission string.
 *
 * @throws {@link StackPluginError} `PERMISSION_INVALID` naming what is wrong.
 */
export function parsePermission(raw: string): Permission {
  const result = tryParsePermission(raw);
  if (!result.ok)
    throw createError(pdkErrors.PERMISSION_INVALID, { permission: raw, detail: result.detail });
  return result.permission;
}

/**
 * The normal spelling of a permission string (`FS:READ:./src/` becomes `fs:read:src/**`).
 *
 * @throws {@link StackPluginError} `PERMISSION_INVALID` when it is not a permission.
 */
export function normalizePermission(raw: string): string {
  const result = tryParsePermission(raw);
  if (!result.ok)
    throw createError(pdkErrors.PERMISSION_INVALID, { permission: raw, detail: result.detail });
  return result.normalized;
}

type Target = { target: string; port?: number; args?: string[] } | string;

/**
 * The permission one `exec` call needs: `exec:<command>:<first argument>`, or `exec:<command>`
 * when there is no first argument or it could not be written in an allow-list (spaces,
 * commas, wildcards, control characters, over 256 characters), which only a grant without a
 * list allows. The broker checks this request; `findGrant` matches it against the lists.
 */
export function execRequest(command: string, args: readonly string[]): string {
  const first = args[0];
  return first !== undefined && FIRST_ARGUMENT.test(first)
    ? `exec:${command}:${first}`
    : `exec:${command}`;
}

function parseTarget(kind: PermissionKind, syntax: TargetSyntax, rest: string): Target {
  if (rest.trim() === '') return `"${kind}" needs a target after the colon`;
  switch (syntax) {
    case 'glob':
      return parseGlob(rest);
    case 'host':
      return parseHost(rest);
    case 'env-name':
      if (SECRET_VARIABLE.test(rest))
        return `"${rest}" holds a secret; read it with "secret:${rest.slice('STACK_SECRET_'.length)}", which the host redacts`;
      return ENV_NAME.test(rest)
        ? { target: rest }
        : `"${rest}" is not an environment variable name (letters, digits and "_", not starting with a digit; no wildcards)`;
    case 'secret-name':
      return SECRET_NAME.test(rest)
        ? { target: rest }
        : `"${rest}" is not a secret name (letters, digits, "_", "-" and ".", no wildcards)`;
    case 'command':
      return parseCommand(rest);
    case 'optional-name':
      return TARGET_NAME.test(rest)
        ? { target: rest }
        : `"${rest}" is not a name (1-40 lower-case letters, digits and "_", starting with a letter); "${kind}" alone grants the default one`;
    default: {
      const problem = checkTopicPattern(rest);
      return problem === undefined
        ? { target: rest }
        : `"${rest}" is not a topic pattern: ${problem}`;
    }
  }
}

/**
 * `<command>` or `<command>:<arg>,<arg>`: a bare program name and the first arguments
 * (subcommands) it may be run with, kept sorted and unique.
 */
function parseCommand(rest: string): Target {
  const colon = rest.indexOf(':');
  const command = colon < 0 ? rest : rest.slice(0, colon);
  if (!COMMAND_NAME.test(command))
    return `"${command}" is not a bare command name (no paths, spaces, arguments or wildcards; allowed first arguments go after a colon, like "exec:git:status,log")`;
  if (colon < 0) return { target: command };
  const list = rest.slice(colon + 1).split(',');
  const bad = list.find((arg) => !FIRST_ARGUMENT.test(arg));
  if (bad !== undefined)
    return `"${bad}" is not an allowed first argument (1-256 characters, no spaces, commas, wildcards or control characters)`;
  return { target: command, args: [...new Set(list)].sort() };
}

/** Globs are relative to the workspace root and may never leave it. */
function parseGlob(glob: string): Target {
  if (glob.includes('\0')) return 'the glob contains a NUL character';
  if (/^(?:\/|~|[A-Za-z]:[\\/])/.test(glob)) {
    return `"${glob}" is absolute; globs are relative to the workspace root`;
  }
  if (glob.startsWith('!')) return `"${glob}" is a negation; grant what is allowed instead`;
  let path = glob.replace(/\/{2,}/g, '/');
  while (path.startsWith('./')) path = path.slice(2);
  path = path
    .split('/')
    .filter((segment, _, all) => segment !== '.' || all.length === 1)
    .join('/');
  if (path.endsWith('/')) path = `${path}**`;
  if (path === '' || path === '.')
    return `"${glob}" names no files; use "**" for the whole workspace`;
  if (path.split('/').includes('..')) return `"${glob}" leaves the workspace root with ".."`;
  return { target: path };
}

function parseHost(input: string): Target {
  let text = input.toLowerCase();
  let impliedPort: number | undefined;
  const scheme = SCHEME.exec(text);
  if (scheme) {
    text = text.slice(scheme[0].length);
    if (/[/?#]/.test(text.replace(/\/$/, ''))) {
      return `"${input}" has a path; permissions grant whole hosts, e.g. "net:${text.split(/[/?#]/)[0]}"`;
    }
    text = text.replace(/\/$/, '');
    impliedPort = scheme[1] === 'https' ? 443 : scheme[1] === 'http' ? 80 : undefined;
  }
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return `"${input}" opens an IPv6 bracket without closing it`;
    host = text.slice(0, end + 1);
    const after = text.slice(end + 1);
    if (after !== '' && !after.startsWith(':')) return `"${input}" has text after the IPv6 address`;
    portText = after === '' ? undefined : after.slice(1);
    const canonical = canonicalIpv6(host);
    if (canonical === undefined) return `"${host}" is not an IPv6 address`;
    host = canonical;
  } else {
    const parts = text.split(':');
    if (parts.length > 2)
      return `"${input}" has more than one ":"; write IPv6 addresses in brackets`;
    host = toAscii((parts[0] ?? '').replace(/\.$/, ''));
    portText = parts[1];
    const problem = checkHost(host);
    if (problem !== undefined) return problem;
  }
  let port = impliedPort;
  if (portText !== undefined && portText !== '*') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return `"${portText}" is not a port (1-65535)`;
    }
    port = Number(portText);
  } else if (portText === '*') {
    port = undefined;
  }
  return port === undefined ? { target: host } : { target: host, port };
}

/**
 * Internationalised names in their ASCII (punycode) form, which is what DNS and the broker
 * see, so `bücher.de` and `xn--bcher-kva.de` are the same grant.
 */
function toAscii(host: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "not ASCII".
  if (!/[^\x00-\x7f]/.test(host)) return host;
  const wildcard = host.startsWith('*.');
  const ascii = domainToASCII(wildcard ? host.slice(2) : host);
  if (ascii === '') return host; // invalid; checkHost explains why
  return wildcard ? `*.${ascii}` : ascii;
}

function checkHost(host: string): string | undefined {
  if (host === '*') return undefined;
  if (host === '') return 'the host is empty';
  if (host.length > 253) return 'the host name is longer than 253 characters';
  if (IPV4.test(host)) return undefined;
  const labels = host.split('.');
  const named = labels[0] === '*' ? labels.slice(1) : labels;
  if (labels[0] === '*' && named.length < 2) {
    return `"${host}" is too broad; a wildcard needs at least two labels after it, like "*.example.com", or use "net:*"`;
  }
  for (const label of named) {
    if (!HOST_LABEL.test(label)) {
      return label.includes('*')
        ? `"${host}": "*" is only allowed as the whole first label, like "*.example.com"`
        : `"${host}" is not a host name ("${label}" is not a valid label)`;
    }
  }
  return undefined;
}

/** Canonical bracketed form (`[0:0::1]` becomes `[::1]`), using the WHATWG URL parser. */
function canonicalIpv6(bracketed: string): string | undefined {
  try {
    const { hostname } = new URL(`http://${bracketed}/`);
    return hostname.startsWith('[') ? hostname : undefined;
  } catch {
    return undefined;
  }
}
