import type { NetRequest, NetResponse } from '@stack-plugin/pdk';

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

/** Statuses worth another attempt: rate limiting and server-side failures. */
const isRetryable = (status: number) => status === 429 || status >= 500;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The client {@link createApiClient} returns. */
export interface ApiClient {
  getJson<T>(path: string): Promise<T>;
}

/**
 * A small JSON client for the Example API: bearer-token auth, retries with exponential
 * backoff on network errors, 429 and 5xx (a `retry-after` header in seconds wins), and a clear
 * error for everything else.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const sleep = options.sleep ?? wait;
  return {
    async getJson<T>(path: string): Promise<T> {
      let lastError: ApiError | undefined;
      let delay = options.retryDelayMs;
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        if (attempt > 0) {
          await sleep(delay);
          delay *= 2;
        }
        let response: NetResponse;
        try {
          response = await options.fetch(`${API_BASE}${path}`, {
            headers: { accept: 'application/json', authorization: `Bearer ${options.token}` },
          });
        } catch (error) {
          lastError = new ApiError(`GET ${path} failed: ${(error as Error).message}`, undefined);
          continue;
        }
        if (response.ok) return JSON.parse(response.body) as T;
        lastError = new ApiError(`GET ${path} answered ${response.status}`, response.status);
        if (!isRetryable(response.status)) throw lastError;
        const retryAfter = Number(response.headers['retry-after']);
        if (Number.isFinite(retryAfter) && retryAfter > 0) delay = retryAfter * 1000;
      }
      throw lastError ?? new ApiError(`GET ${path} failed`, undefined);
    },
  };
}
