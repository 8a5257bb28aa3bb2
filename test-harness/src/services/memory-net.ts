import type { NetService, NetServiceRequest } from '@stack-plugin/host';
import { assertAddressesAllowed, isIpLiteral } from '@stack-plugin/host/internal';
import { createError, type NetResponse, pdkErrors } from '@stack-plugin/pdk';
import { harnessErrors } from '../harness-errors.js';
import { type ServiceCall, SpyLog, type SpySequence } from './spy-log.js';

/** A canned response: a body string, or status, headers and a text or JSON body. */
export type RouteResponse =
  | string
  | {
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      /** Serialised as the body, with `content-type: application/json`. */
      readonly json?: unknown;
    };

/** A request as a route handler sees it. */
export interface RouteRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** The body parsed as JSON (throws on invalid JSON). */
  json(): unknown;
}

/** Computes a response; throwing simulates a network failure. */
export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** One route: method (any when omitted), URL pattern and what to answer. */
export interface Route {
  readonly method?: string;
  /**
   * A URL, where `*` matches within one path segment and `**` across segments; a URL without
   * a query string matches any query. Or a RegExp tested against the full URL.
   */
  readonly url: string | RegExp;
  readonly response: RouteResponse | RouteHandler;
}

/**
 * Routes keyed `"METHOD URL"` (or just `"URL"` for any method), or a list of {@link Route}s.
 * The first matching route answers.
 */
export type RouteTable =
  | Readonly<Record<string, RouteResponse | RouteHandler>>
  | ReadonlyArray<Route>;

/** One request that reached the network service, with how it was answered. */
export interface NetExchange {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** The route that answered, as written in the table; undefined when none matched. */
  readonly route: string | undefined;
  /** The response status, when a route answered. */
  readonly status: number | undefined;
}

/** Options of {@link createMemoryNet}. */
export interface MemoryNetOptions {
  readonly routes?: RouteTable;
  /**
   * Host name -> IP address reported to the host's per-hop check, as DNS would. IP literals
   * report themselves and `localhost` reports 127.0.0.1; other names report no address.
   */
  readonly dns?: Readonly<Record<string, string>>;
  /** Redirects followed before failing with NET_REDIRECT_LIMIT. Default 10. */
  readonly maxRedirects?: number;
  /** Shares `seq` numbering with the other services of one test host. */
  readonly sequence?: SpySequence;
}

/** The network service of a test host: a route table, with its spy record. */
export interface MemoryNet extends NetService {
  /** Every `fetch` that reached the service (after the host's permission check). */
  readonly calls: readonly ServiceCall[];
  /** Every request hop that reached the service, answered or not. */
  readonly requests: readonly NetExchange[];
  /** Requests no route matched. */
  readonly unmatched: readonly NetExchange[];
  /** Adds routes in front of the existing ones (later routes win over earlier tables). */
  route(routes: RouteTable): void;
  /** Forgets the recorded requests (the routes stay). */
  clearCalls(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * An in-memory network implementing the host's `NetService` from a route table. A request
 * that no route matches fails with TEST_NET_NO_ROUTE and is kept in `unmatched`, which the
 * test host reports as a test failure. Redirects are followed, and every hop goes through the
 * host's `authorize` check and the host's address policy, as with the real network.
 *
 * @example
 * ```ts
 * import { createMemoryNet } from '@stack-plugin/test-harness';
 *
 * const net = createMemoryNet({
 *   routes: {
 *     'GET https://api.example.com/users/*': { json: { name: 'Ada' } },
 *     'POST https://api.example.com/users': (req) => ({ status: 201, json: req.json() }),
 *   },
 * });
 * ```
 */
export function createMemoryNet(options: MemoryNetOptions = {}): MemoryNet {
  const log = new SpyLog(options.sequence);
  let routes: CompiledRoute[] = compileRoutes(options.routes ?? {});
  const exchanges: NetExchange[] = [];
  const maxRedirects = options.maxRedirects ?? 10;

  const answer = async (request: NetServiceRequest): Promise<NetResponse> => {
    let url = new URL(request.url);
    let method = request.method.toUpperCase();
    let body = request.body;
    for (let hop = 0; ; hop++) {
      request.signal?.throwIfAborted();
      // The same hop check and address policy as the real network: what the broker decided
      // for this address is what happens.
      const address = addressOf(url.hostname, options.dns);
      const addresses = address === undefined ? [] : [address];
      const decision = request.authorize(url, address, addresses);
      assertAddressesAllowed(url, addresses, decision?.allowPrivate === true);
      const route = routes.find((r) => r.matches(method, url.href));
      const exchange = { method, url: url.href, headers: request.headers, body };
      if (route === undefined) {
        exchanges.push({ ...exchange, route: undefined, status: undefined });
        throw createError(harnessErrors.TEST_NET_NO_ROUTE, { method, url: url.href });
      }
      const response = normalize(
        await route.respond({ ...exchange, json: () => JSON.parse(body ?? '') }),
      );
      exchanges.push({ ...exchange, route: route.label, status: response.status });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined) {
        return { url: url.href, ok: response.status < 300, ...response };
      }
      if (hop >= maxRedirects) {
        throw createError(pdkErrors.NET_REDIRECT_LIMIT, { url: request.url, limit: maxRedirects });
      }
      url = new URL(location, url);
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  };

  return Object.defineProperties(
    {
      fetch: (request: NetServiceRequest) =>
        log.track('fetch', [describeRequest(request)], () => answer(request)),
      route(more: RouteTable) {
        routes = [...compileRoutes(more), ...routes];
      },
      clearCalls() {
        log.clear();
        exchanges.length = 0;
      },
    },
    {
      calls: { get: () => log.calls, enumerable: true },
      requests: { get: () => exchanges, enumerable: true },
      unmatched: { get: () => exchanges.filter((e) => e.route === undefined), enumerable: true },
    },
  ) as MemoryNet;
}

interface CompiledRoute {
  readonly label: string;
  matches(method: string, url: string): boolean;
  respond(request: RouteRequest): Promise<RouteResponse>;
}

function compileRoutes(table: RouteTable): CompiledRoute[] {
  const list: Route[] = Array.isArray(table)
    ? [...(table as ReadonlyArray<Route>)]
    : Object.entries(table as Record<string, RouteResponse | RouteHandler>).map(
        ([key, response]) => {
          const space = key.indexOf(' ');
          return space < 0
            ? { url: key, response }
            : { method: key.slice(0, space), url: key.slice(space + 1).trim(), response };
        },
      );
  return list.map((route) => {
    const method = route.method?.toUpperCase();
    const test = route.url instanceof RegExp ? route.url : urlPattern(route.url);
    const { response } = route;
    return {
      label: `${method ?? '*'} ${String(route.url)}`,
      matches: (m, url) => (method === undefined || method === m) && test.test(url),
      respond: async (request) =>
        typeof response === 'function' ? await response(request) : response,
    };
  });
}

/** Compiles a URL with `*` / `**` wildcards; without a query it ignores the request's. */
function urlPattern(pattern: string): RegExp {
  const hasQuery = pattern.includes('?');
  let href: string;
  try {
    // Normalise through URL (case, default ports, encoding) with the wildcards kept aside.
    href = new URL(pattern.replaceAll('*', 'STACKWILDCARD')).href.replaceAll('STACKWILDCARD', '*');
  } catch {
    href = pattern;
  }
  const source = href
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/?#]*' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source}${hasQuery ? '' : '(?:\\?[^#]*)?'}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalize(response: RouteResponse): Omit<NetResponse, 'url' | 'ok'> {
  if (typeof response === 'string') {
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: response };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  let body = response.body ?? '';
  if (response.json !== undefined) {
    body = JSON.stringify(response.json);
    headers['content-type'] ??= 'application/json';
  }
  return { status: response.status ?? 200, headers, body };
}

function addressOf(
  hostname: string,
  dns: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (dns?.[bare] !== undefined) return dns[bare];
  if (isIpLiteral(bare)) return bare;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return '127.0.0.1';
  return undefined;
}

/** The request as recorded: the structured-clonable fields only. */
function describeRequest(request: NetServiceRequest): Record<string, unknown> {
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    timeoutMs: request.timeoutMs,
  };
}
