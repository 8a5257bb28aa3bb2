import type { NetService } from '../host-services.js';
/** One DNS answer. */
export interface ResolvedAddress {
    readonly address: string;
    readonly family: 4 | 6;
}
/** Options of {@link createNodeNetService}. */
export interface NodeNetServiceOptions {
    /** Resolves a host name to every address (default `dns.lookup` with `all: true`). */
    readonly resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
    /** Redirects followed per request (default 5). */
    readonly maxRedirects?: number;
    /** Largest accepted response body, after decompression (default 10 MiB). */
    readonly maxResponseBytes?: number;
}
/**
 * Outbound HTTP(S) with `fetch`-like results that a sandboxed plugin cannot turn against the
 * host's network. For the first URL and every redirect (at most `maxRedirects`, followed by
 * hand): the URL must be http(s) without credentials; the host is resolved once, `authorize`
 * is called with the URL and the address to use (the broker's permission check), every answer
 * is classified, and private, loopback, link-local, metadata, multicast and unspecified
 * answers are refused (`NET_ADDRESS_BLOCKED`) unless `authorize` returned
 * `{ allowPrivate: true }` (see {@link NetHopDecision}). The connection is pinned to the
 * checked address, so a DNS answer that changes between check and connect (rebinding) is
 * never used. One timeout covers the whole request; the body is capped. Credentials headers
 * are dropped on a cross-origin redirect, and 303 (or 301/302 after POST) becomes a GET.
 */
export declare function createNodeNetService(options?: NodeNetServiceOptions): NetService;
//# sourceMappingURL=node-net-service.d.ts.map