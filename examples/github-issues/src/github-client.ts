import {
  isRetryableStatus,
  type NetRequest,
  type NetResponse,
  requestWithRetries,
} from '@stack-plugin/pdk';

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

const rateLimitUsedUp = (response: NetResponse) =>
  header(response, 'x-ratelimit-remaining') === '0';

/**
 * 429 and 5xx, and any status with `retry-after`: GitHub's secondary rate limit answers 403
 * with it. A used-up primary rate limit is not worth retrying before its reset.
 */
const isRetryable = (response: NetResponse) =>
  !rateLimitUsedUp(response) &&
  (isRetryableStatus(response.status) || header(response, 'retry-after') !== undefined);

/**
 * Calls GitHub the way its REST guidelines ask: API version and user agent headers, bearer
 * token, conditional GETs with the cached ETag (a 304 does not count against the rate limit),
 * retries with exponential backoff on network errors, 429 and 5xx, `retry-after` honoured
 * when short (pdk's `requestWithRetries`), and a clear error when the primary rate limit is
 * used up.
 */
export function createGitHubClient(options: GitHubClientOptions) {
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
    const result = await requestWithRetries(
      () =>
        options.fetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      {
        retries: options.retries,
        delayMs: options.retryDelayMs,
        maxRetryAfterMs: MAX_RETRY_WAIT_MS,
        retryable: isRetryable,
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      },
    );
    if (result.stop === 'failed') {
      throw new GitHubError(
        `${method} ${url} failed: ${(result.error as Error).message}`,
        undefined,
      );
    }
    const { response } = result;
    if (response.status === 304 && cached !== undefined) {
      return { status: 200, body: cached.body, next: nextLink(cached.link), cached: true };
    }
    if (response.ok) {
      const etag = header(response, 'etag');
      const link = header(response, 'link');
      if (method === 'GET' && etag !== undefined) {
        await options.cache.set(url, { etag, body: response.body, link });
      }
      return { status: response.status, body: response.body, next: nextLink(link), cached: false };
    }
    const message = `${method} ${url} answered ${response.status}${githubMessage(response.body)}`;
    if (rateLimitUsedUp(response)) {
      const reset = Number(header(response, 'x-ratelimit-reset'));
      const when = Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : 'later';
      throw new GitHubError(`GitHub rate limit used up; it resets at ${when}`, response.status);
    }
    if (result.stop === 'retry-after-too-long') {
      throw new GitHubError(
        `${message}; GitHub asks to wait ${result.retryAfterMs / 1000} s, longer than a call may take`,
        response.status,
      );
    }
    throw new GitHubError(message, response.status);
  }

  return { request };
}
