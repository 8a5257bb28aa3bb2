import { type NetRequest, type NetResponse, requestWithRetries } from '@stack-plugin/pdk';

/** Where the API lives. Its host must be granted in stack-plugin.json (`net:api.example.com`). */
export const API_BASE = 'https://api.example.com/v1';

/** What the client needs from its surroundings; in the plugin, `ctx.net.fetch` and config. */
export interface ApiClientOptions {
  fetch(url: string, request?: NetRequest): Promise<NetResponse>;
  token: string;
  retries: number;
  retryDelayMs: number;
  /** Waits between attempts; replaceable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** An API failure that retrying will not fix, or that kept failing after every retry. */
export class ApiError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * Longest `retry-after` the client waits for; a server asking for more gets a clear error
 * instead (the call would time out first).
 */
export const MAX_RETRY_AFTER_MS = 10_000;

/** The client {@link createApiClient} returns. */
export interface ApiClient {
  getJson<T>(path: string): Promise<T>;
}

/**
 * A small JSON client for the Example API: bearer-token auth, retries with exponential
 * backoff on network errors, 429 and 5xx (the server's `retry-after` wins, up to
 * {@link MAX_RETRY_AFTER_MS}), and a clear error for everything else. The retry policy is the
 * kit's own (`requestWithRetries` from `@stack-plugin/pdk`).
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  return {
    async getJson<T>(path: string): Promise<T> {
      const result = await requestWithRetries(
        () =>
          options.fetch(`${API_BASE}${path}`, {
            headers: { accept: 'application/json', authorization: `Bearer ${options.token}` },
          }),
        {
          retries: options.retries,
          delayMs: options.retryDelayMs,
          maxRetryAfterMs: MAX_RETRY_AFTER_MS,
          ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
        },
      );
      if (result.stop === 'failed') {
        const reason = result.error instanceof Error ? result.error.message : String(result.error);
        throw new ApiError(`GET ${path} failed: ${reason}`, undefined);
      }
      const { status, ok, body } = result.response;
      if (result.stop === 'retry-after-too-long') {
        throw new ApiError(
          `GET ${path} answered ${status} and asks to wait ${Math.ceil(result.retryAfterMs / 1000)} s, longer than the client waits`,
          status,
        );
      }
      if (ok) return JSON.parse(body) as T;
      throw new ApiError(`GET ${path} answered ${status}`, status);
    },
  };
}
