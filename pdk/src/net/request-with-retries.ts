import type { NetResponse } from '../context/capability-types.js';
import { backoffDelayMs } from '../manifest/workflow-graph.js';

/** How {@link requestWithRetries} retries. */
export interface RetryOptions {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Wait before the first retry when the server names none; doubled for each further one. */
  readonly delayMs: number;
  /** Longest backoff wait (not a cap on `Retry-After`, see `maxRetryAfterMs`). Default 30 s. */
  readonly maxDelayMs?: number;
  /**
   * Longest `Retry-After` the caller honours. A server asking for more ends the attempts with
   * `retry-after-too-long`: waiting less than it asked would only earn another refusal, and
   * waiting longer than the call may take would end in a timeout.
   */
  readonly maxRetryAfterMs: number;
  /** Which answers are worth another attempt; by default {@link isRetryableStatus}. */
  readonly retryable?: (response: NetResponse) => boolean;
  /**
   * Which thrown errors are worth another attempt; by default errors without a code and the
   * network failures `NET_FAILED`, `NET_TIMEOUT` and `CAPABILITY_TIMEOUT`. A refusal such as
   * `PERMISSION_DENIED` is final: asking again gets the same answer.
   */
  readonly retryError?: (error: unknown) => boolean;
  /** Waits between attempts; replaceable so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The time an HTTP-date `Retry-After` is measured from; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * How {@link requestWithRetries} ended. `answered`: a response the caller must read (success or
 * an error retrying will not fix). `exhausted`: the last attempt still asked for a retry.
 * `retry-after-too-long`: the server asked to wait longer than `maxRetryAfterMs`. `failed`: the
 * last attempt threw (or threw an error that is not retried).
 */
export type RetryResult =
  | { readonly stop: 'answered'; readonly response: NetResponse; readonly attempts: number }
  | { readonly stop: 'exhausted'; readonly response: NetResponse; readonly attempts: number }
  | {
      readonly stop: 'retry-after-too-long';
      readonly response: NetResponse;
      readonly attempts: number;
      readonly retryAfterMs: number;
    }
  | { readonly stop: 'failed'; readonly error: unknown; readonly attempts: number };

const DEFAULT_MAX_DELAY_MS = 30_000;
const RETRIED_CODES = new Set(['NET_FAILED', 'NET_TIMEOUT', 'CAPABILITY_TIMEOUT']);

/** Rate limiting (429) and server-side failures (5xx): the statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const isRetryableResponse = (response: NetResponse) => isRetryableStatus(response.status);

const isRetryableError = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || RETRIED_CODES.has(code);
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, measured from `now`; a date already past means no wait).
 * `undefined` when the header is absent or neither form (RFC 9110, section 10.2.3).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only HTTP's three date forms (IMF-fixdate, RFC 850, asctime, all in GMT): Date.parse
  // alone also reads bare numbers and other text as dates, and asctime as local time.
  const date = /^[A-Za-z]{3,9}, .+ GMT$/.test(text)
    ? Date.parse(text)
    : /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/.test(text)
      ? Date.parse(`${text} GMT`)
      : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const retryAfterHeader = (response: NetResponse): string | undefined => {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === 'retry-after');
  return key === undefined ? undefined : response.headers[key];
};

/**
 * Sends a request until it is answered with something other than a retryable status, at most
 * `retries + 1` times: the server's `Retry-After` (seconds or HTTP-date) sets the wait when it
 * gives one, up to `maxRetryAfterMs`; otherwise the wait backs off exponentially from
 * `delayMs`, at most `maxDelayMs`. `send` makes one attempt, typically with `ctx.net.fetch`.
 * Resolves with how the attempts ended (see {@link RetryResult}) and never throws what `send`
 * threw, so the caller words the error for its API.
 *
 * @example
 * ```ts
 * import { definePlugin, requestWithRetries } from '@stack-plugin/pdk';
 *
 * export default definePlugin({
 *   async activate(ctx) {
 *     const result = await requestWithRetries(() => ctx.net.fetch('https://api.example.com/v1/items'), {
 *       retries: 3,
 *       delayMs: 250,
 *       maxRetryAfterMs: 10_000,
 *     });
 *     if (result.stop !== 'answered' || !result.response.ok) throw new Error('items unavailable');
 *     ctx.log.info('items', { body: result.response.body.length });
 *   },
 * });
 * ```
 */
export async function requestWithRetries(
  send: () => Promise<NetResponse>,
  options: RetryOptions,
): Promise<RetryResult> {
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const retryable = options.retryable ?? isRetryableResponse;
  const retryError = options.retryError ?? isRetryableError;
  const backoff = (attempt: number) =>
    backoffDelayMs(attempt, {
      initialMs: options.delayMs,
      factor: 2,
      maxMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    });
  for (let attempt = 1; ; attempt++) {
    const last = attempt > options.retries;
    let response: NetResponse;
    try {
      response = await send();
    } catch (error) {
      if (last || !retryError(error)) return { stop: 'failed', error, attempts: attempt };
      await sleep(backoff(attempt));
      continue;
    }
    if (!retryable(response)) return { stop: 'answered', response, attempts: attempt };
    if (last) return { stop: 'exhausted', response, attempts: attempt };
    const retryAfterMs = parseRetryAfter(retryAfterHeader(response), now());
    if (retryAfterMs !== undefined && retryAfterMs > options.maxRetryAfterMs) {
      return { stop: 'retry-after-too-long', response, attempts: attempt, retryAfterMs };
    }
    await sleep(retryAfterMs ?? backoff(attempt));
  }
}
