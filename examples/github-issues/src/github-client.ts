import type { NetRequest, NetResponse } from '@stack-plugin/pdk';

/** GitHub's REST API root; `net:api.github.com` in stack-plugin.json grants it. */
export const GITHUB_API = 'https://api.github.com';

/** Longest wait a `retry-after` may ask for before the call gives up instead (calls time out at 30 s). */
export const MAX_RETRY_WAIT_MS = 10_000;

/** A cached response, kept in the plugin's state under its URL. */
export interface CachedResponse {
  etag: string;
  body: string;
  link: string | undefined;
}

/** What the client needs from `ctx`. */
export interface GitHubClientOptions {
  fetch(url: string, request?: NetRequest): Promise<NetResponse>;
  token: string;
  retries: number;
  retryDelayMs: number;
  cache: {
    get(url: string): Promise<CachedResponse | undefined>;
    set(url: string, value: CachedResponse): Promise<void>;
  };
  sleep?: (ms: number) => Promise<void>;
}

/** A response body with the parts of the response the callers use. */
export interface GitHubResponse {
  status: number;
  body: string;
  /** The URL of the next page, from the `link` header. */
  next: string | undefined;
  /** Whether the body came from the cache after a `304 Not Modified`. */
  cached: boolean;
}

/** A GitHub API failure, with GitHub's own message when it sent one. */
export class GitHubError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.name = 'GitHubError';
    this.status = status;
  }
}

const header = (response: NetResponse, name: string): string | undefined => {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : response.headers[key];
};

/** The `rel="next"` URL of a `link` header. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of link?.split(',') ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

const githubMessage = (body: string): string => {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? `: ${parsed.message}` : '';
  } catch {
    return '';
  }
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls GitHub the way its REST guidelines ask: API version and user agent headers, bearer
 * token, conditional GETs with the cached ETag (a 304 does not count against the rate limit),
 * retries with exponential backoff on network errors, 429 and 5xx, `retry-after` honoured
 * when short, and a clear error when the primary rate limit is used up.
 */
export function createGitHubClient(options: GitHubClientOptions) {
  const sleep = options.sleep ?? wait;

  async function request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<GitHubResponse> {
    const cached = method === 'GET' ? await options.cache.get(url) : undefined;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${options.token}`,
      'user-agent': 'stack-plugin-github-issues',
      'x-github-api-version': '2022-11-28',
      ...(cached === undefined ? {} : { 'if-none-match': cached.etag }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    let delay = options.retryDelayMs;
    let last: GitHubError | undefined;
    for (let attempt = 0; attempt <= options.retries; attempt++) {
      if (attempt > 0) {
        await sleep(delay);
        delay *= 2;
      }
      let response: NetResponse;
      try {
        response = await options.fetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        last = new GitHubError(`${method} ${url} failed: ${(error as Error).message}`, undefined);
        continue;
      }
      if (response.status === 304 && cached !== undefined) {
        return { status: 200, body: cached.body, next: nextLink(cached.link), cached: true };
      }
      if (response.ok) {
        const etag = header(response, 'etag');
        const link = header(response, 'link');
        if (method === 'GET' && etag !== undefined) {
          await options.cache.set(url, { etag, body: response.body, link });
        }
        return {
          status: response.status,
          body: response.body,
          next: nextLink(link),
          cached: false,
        };
      }
      const message = `${method} ${url} answered ${response.status}${githubMessage(response.body)}`;
      last = new GitHubError(message, response.status);
      if (header(response, 'x-ratelimit-remaining') === '0') {
        const reset = Number(header(response, 'x-ratelimit-reset'));
        const when = Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : 'later';
        throw new GitHubError(`GitHub rate limit used up; it resets at ${when}`, response.status);
      }
      // GitHub's secondary rate limit answers 403 with retry-after, so that header makes any
      // status worth another attempt.
      const retryAfter = header(response, 'retry-after');
      const retryAfterMs = retryAfter === undefined ? undefined : Number(retryAfter) * 1000;
      if (response.status !== 429 && response.status < 500 && retryAfterMs === undefined)
        throw last;
      if (retryAfterMs !== undefined) {
        if (!(retryAfterMs >= 0) || retryAfterMs > MAX_RETRY_WAIT_MS) {
          throw new GitHubError(
            `${message}; GitHub asks to wait ${retryAfter} s, longer than a call may take`,
            response.status,
          );
        }
        delay = retryAfterMs;
      }
    }
    throw last ?? new GitHubError(`${method} ${url} failed`, undefined);
  }

  return { request };
}
