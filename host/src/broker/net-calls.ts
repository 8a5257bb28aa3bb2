import { findGrant } from '@stack-plugin/pdk';
import { addressAllowed, classifyAddress, isIpLiteral } from '../services/address-policy.js';
import type { NetHopDecision } from '../services/host-services.js';
import type { BrokerTools } from './_broker-tools.js';

/**
 * `ctx.net.fetch`: the first URL and every redirect hop are checked against the grants, with
 * the address the connection will use, before the net service connects.
 */
export function createNetCall(
  tools: BrokerTools,
): (method: string, args: readonly unknown[]) => Promise<unknown> {
  const { record, grantFor, denied, invalid, capTimeout, scope } = tools;
  const services = tools.deps.services;

  /** Whether some grant names `host` (a name or IP) explicitly, without a wildcard. */
  const namesExplicitly = (host: string, port: string): string | undefined => {
    const request = `net:${inBrackets(host)}:${port}`;
    const naming = (list: readonly string[]) =>
      list.find((grant) => !grant.includes('*') && findGrant([grant], request) !== undefined);
    const { requested, granted, narrowed } = tools.grants();
    // A narrowed grant naming a host reaches its private address only when the manifest
    // named it too (narrowing never adds what `net:*` alone would not allow) and no deny
    // entry takes the address away.
    if (narrowed && (naming(requested) === undefined || grantFor(request) === undefined))
      return undefined;
    return naming(narrowed ? granted : scope.permissions);
  };

  /**
   * Checks one hop (the first URL, then every redirect) with the addresses DNS gave for it.
   * Throws `PERMISSION_DENIED` for an ungranted host, or for an address the address policy
   * refuses (loopback, private, link-local, reserved, ...) that no permission names exactly;
   * returns whether the net service may connect to such an address. The net service applies
   * the same policy to the same addresses, so what it does is what this decided, and the
   * audit record made here (`final`: the hop's addresses are known) is the decision taken.
   */
  const authorizeHop = (
    url: URL,
    address: string | undefined,
    addresses: readonly string[],
    final: boolean,
  ): NetHopDecision => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      record('net', 'fetch', url.href, false);
      throw invalid(`The URL "${url.href}"`, 'only http: and https: URLs can be fetched');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const requested = `net:${inBrackets(host)}:${port}`;
    const grant = grantFor(requested);
    if (grant === undefined) {
      record('net', 'fetch', url.href, false, requested);
      throw denied(`fetch ${url.href}`, requested);
    }
    // Only a grant naming the address itself (or `localhost`) unlocks a non-public address: a
    // grant naming some other host must not, or its owner could point its DNS at 127.0.0.1
    // or 169.254.169.254 (DNS rebinding).
    const literal = isIpLiteral(host);
    const explicit =
      (literal || host === 'localhost' ? namesExplicitly(host, port) : undefined) ??
      (address === undefined ? undefined : namesExplicitly(address, port));
    const blocked = [...(literal ? [host] : []), ...addresses].find(
      (candidate) => !addressAllowed(candidate, false),
    );
    if (blocked !== undefined && explicit === undefined) {
      const wanted = `net:${inBrackets(blocked)}:${port}`;
      record('net', 'fetch', url.href, false, wanted);
      throw denied(
        `fetch ${url.href}: it resolves to the ${describeRange(blocked)} address ${blocked}, which only a permission naming that address exactly allows`,
        wanted,
      );
    }
    if (final) record('net', 'fetch', url.href, true, blocked === undefined ? grant : explicit);
    return { allowPrivate: explicit !== undefined };
  };

  return async function netCall(_method: string, args: readonly unknown[]): Promise<unknown> {
    let url: URL;
    try {
      url = new URL(String(args[0]));
    } catch {
      record('net', 'fetch', String(args[0]), false);
      throw invalid(`The URL "${String(args[0])}"`, 'it is not an absolute URL');
    }
    const request = (args[1] ?? {}) as Record<string, unknown>;
    // Refuses early what needs no DNS answer; the service's call for this hop, with its
    // addresses, takes (and records) the decision.
    authorizeHop(url, undefined, [], false);
    const headers = request.headers ?? {};
    if (
      typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((v) => typeof v !== 'string')
    ) {
      throw invalid('The headers of net.fetch', 'they must map names to strings');
    }
    return services.net.fetch({
      url: url.href,
      method: typeof request.method === 'string' ? request.method.toUpperCase() : 'GET',
      headers: headers as Record<string, string>,
      ...(typeof request.body === 'string' ? { body: request.body } : {}),
      timeoutMs: capTimeout(request.timeoutMs),
      authorize: (hop, address, addresses) =>
        authorizeHop(hop, address, addresses ?? (address === undefined ? [] : [address]), true),
    });
  };
}

/** How a refusal names the range (the wording users of earlier versions know for most). */
function describeRange(address: string): string {
  const range = classifyAddress(address);
  return range === 'reserved' || range === 'multicast' || range === 'unspecified'
    ? range
    : 'private, loopback or link-local';
}

/** A host as a `net:` permission writes it: IPv6 addresses in brackets, as in URLs. */
function inBrackets(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
