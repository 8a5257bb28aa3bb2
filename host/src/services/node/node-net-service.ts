import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { NetResponse } from '@stack-plugin/pdk';
import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';
import { assertAddressesAllowed } from '../address-policy.js';
import type { NetHopDecision, NetService, NetServiceRequest } from '../host-services.js';

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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

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
export function createNodeNetService(options: NodeNetServiceOptions = {}): NetService {
  const resolveHost = options.resolve ?? defaultResolve;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;

  return {
    async fetch(request) {
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(
            createError(pdkErrors.NET_TIMEOUT, { url: request.url, timeoutMs: request.timeoutMs }),
          ),
        request.timeoutMs,
      );
      const onAbort = () => controller.abort(request.signal?.reason);
      if (request.signal?.aborted) onAbort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await follow(request, controller.signal);
      } catch (error) {
        throw controller.signal.aborted ? controller.signal.reason : error;
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      }
    },
  };

  async function follow(request: NetServiceRequest, signal: AbortSignal): Promise<NetResponse> {
    let url = parseUrl(request.url);
    let method = request.method.toUpperCase();
    let body = request.body;
    const headers = lowerCase(request.headers);
    delete headers.host;
    for (let hop = 0; ; hop++) {
      signal.throwIfAborted();
      const pinned = await check(url, request);
      const response = await send(url, pinned, method, headers, body, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) {
        return {
          url: url.href,
          status: response.statusCode ?? 0,
          ok: (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300,
          headers: flattenHeaders(response),
          body: await readBody(response, url, signal),
        };
      }
      response.destroy();
      if (hop >= maxRedirects)
        throw createError(pdkErrors.NET_REDIRECT_LIMIT, { url: request.url, limit: maxRedirects });
      const next = parseUrl(location, url);
      const status = response.statusCode ?? 0;
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
      url = next;
    }
  }

  /** Resolves, authorizes and classifies one hop; returns the address to connect to. */
  async function check(url: URL, request: NetServiceRequest): Promise<ResolvedAddress> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const family = isIP(host);
    let answers: readonly ResolvedAddress[];
    try {
      answers =
        family === 0 ? await resolveHost(host) : [{ address: host, family: family as 4 | 6 }];
    } catch (error) {
      throw createError(
        pdkErrors.NET_FAILED,
        { url: url.href, detail: `"${host}" could not be resolved` },
        { cause: error },
      );
    }
    const pinned = answers[0];
    if (pinned === undefined)
      throw createError(pdkErrors.NET_FAILED, {
        url: url.href,
        detail: `"${host}" has no address`,
      });
    const addresses = answers.map((answer) => answer.address);
    const decision = (await (
      request.authorize as (u: URL, a: string, all: readonly string[]) => unknown
    )(url, pinned.address, addresses)) as Partial<NetHopDecision> | undefined;
    assertAddressesAllowed(url, addresses, decision?.allowPrivate === true);
    return pinned;
  }

  function send(
    url: URL,
    pinned: ResolvedAddress,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    // Every connection goes to the checked address, whatever DNS says by now.
    const lookup: LookupFunction = (_hostname, opts, callback) => {
      if ((opts as { all?: boolean }).all) {
        (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
      } else callback(null, pinned.address, pinned.family);
    };
    const payload = body === undefined ? undefined : Buffer.from(body);
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = make(url, {
        method,
        headers: {
          ...headers,
          ...(payload === undefined ? {} : { 'content-length': String(payload.byteLength) }),
        },
        lookup,
        agent: false,
        signal,
      });
      req.once('response', resolve);
      req.once('error', (error) => reject(signal.aborted ? signal.reason : toNetError(error, url)));
      req.end(payload);
    });
  }

  async function readBody(
    response: IncomingMessage,
    url: URL,
    signal: AbortSignal,
  ): Promise<string> {
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.destroy();
      throw createError(pdkErrors.NET_RESPONSE_TOO_LARGE, { url: url.href, limit: maxBytes });
    }
    const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : encoding === 'br'
            ? createBrotliDecompress()
            : undefined;
    const stream = decoder === undefined ? response : response.pipe(decoder);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        signal.throwIfAborted();
        total += chunk.byteLength;
        // Counted after decompression, so a small compressed bomb is stopped too.
        if (total > maxBytes)
          throw createError(pdkErrors.NET_RESPONSE_TOO_LARGE, { url: url.href, limit: maxBytes });
        chunks.push(chunk);
      }
    } catch (error) {
      response.destroy();
      decoder?.destroy();
      if (signal.aborted) throw signal.reason;
      throw isStackPluginError(error) ? error : toNetError(error as Error, url);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw createError(pdkErrors.NET_URL_INVALID, { url: raw, detail: 'it is not a valid URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw createError(pdkErrors.NET_URL_INVALID, {
      url: raw,
      detail: `the ${url.protocol} scheme is not allowed`,
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw createError(pdkErrors.NET_URL_INVALID, {
      url: raw,
      detail: 'credentials in URLs are refused',
    });
  }
  return url;
}

async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await dnsLookup(hostname, { all: true, order: 'verbatim' });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  // No prototype: a header named `__proto__` must stay a header.
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toNetError(error: Error, url: URL) {
  const code = (error as NodeJS.ErrnoException).code;
  return createError(
    pdkErrors.NET_FAILED,
    { url: url.href, detail: code ?? error.message },
    { cause: error },
  );
}
