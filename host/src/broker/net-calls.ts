import { findGrant } from '@stack-plugin/pdk';
import type { NetHopDecision } from '../services/host-services.js';
import type { BrokerTools } from './_broker-tools.js';
import { isIpLiteral, isPrivateAddress } from './_private-address.js';

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
  const namesExplicitly = (host: string, port: string): string | undefined =>
    scope.permissions.find(
      (grant) => !grant.includes('*') && findGrant([grant], `net:${host}:${port}`) !== undefined,
    );

  /**
   * Checks one hop (the first URL, then every redirect) with the address the connection will
   * use. Throws `PERMISSION_DENIED` for an ungranted host or for a private, loopback or
   * link-local address that no permission names exactly; returns whether the net service may
   * connect to such an address (it refuses them itself otherwise).
   */
  const authorizeHop = (url: URL, address: string | undefined, first: boolean): NetHopDecision => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      record('net', 'fetch', url.href, false);
      throw invalid(`The URL "${url.href}"`, 'only http: and https: URLs can be fetched');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const requested = `net:${host}:${port}`;
    const grant = grantFor(requested);
    if (grant === undefined) {
      record('net', 'fetch', url.href, false, requested);
      throw denied(`fetch ${url.href}`, requested);
    }
    // Only a grant naming the address itself (or `localhost`) unlocks a private address: a
    // grant naming some other host must not, or its owner could point its DNS at 127.0.0.1
    // or 169.254.169.254 (DNS rebinding).
    const explicit =
      (isIpLiteral(host) || host === 'localhost' ? namesExplicitly(host, port) : undefined) ??
      (address === undefined ? undefined : namesExplicitly(address, port));
    const privateTarget =
      (isIpLiteral(host) && isPrivateAddress(host)) ||
      (address !== undefined && isPrivateAddress(address));
    if (privateTarget && explicit === undefined) {
      const wanted = `net:${address ?? host}:${port}`;
      record('net', 'fetch', url.href, false, wanted);
      throw denied(
        `fetch ${url.href}: it resolves to the private, loopback or link-local address ${address ?? host}, which only a permission naming that address exactly allows`,
        wanted,
      );
    }
    if (first) record('net', 'fetch', url.href, true, privateTarget ? explicit : grant);
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
    authorizeHop(url, undefined, true);
    const headers = request.headers ?? {};
    if (
      typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((v) => typeof v !== 'string')
    ) {
      throw invalid('The headers of net.fetch', 'they must map names to strings');
    }
    const original = url.href;
    return services.net.fetch({
      url: original,
      method: typeof request.method === 'string' ? request.method.toUpperCase() : 'GET',
      headers: headers as Record<string, string>,
      ...(typeof request.body === 'string' ? { body: request.body } : {}),
      timeoutMs: capTimeout(request.timeoutMs),
      authorize: (hop, address) => authorizeHop(hop, address, hop.href !== original),
    });
  };
}
