import { describe, expect, it } from 'vitest';
import type { NetResponse } from '../context/capability-types.js';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import {
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  requestWithRetries,
} from './request-with-retries.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const reply = (status: number, headers: Record<string, string> = {}): NetResponse => ({
  url: 'https://api.example.com/x',
  status,
  ok: status >= 200 && status < 300,
  headers,
  body: String(status),
});

/** Runs the loop over scripted answers, recording each wait instead of waiting. */
async function run(answers: Array<NetResponse | Error>, options: Partial<RetryOptions> = {}) {
  const sleeps: number[] = [];
  let sent = 0;
  const result = await requestWithRetries(
    async () => {
      sent++;
      const next = answers.shift();
      if (next === undefined) throw new Error('more attempts than answers');
      if (next instanceof Error) throw next;
      return next;
    },
    {
      retries: 3,
      delayMs: 100,
      maxRetryAfterMs: 10_000,
      sleep: async (ms) => void sleeps.push(ms),
      now: () => NOW,
      ...options,
    },
  );
  return { result, sleeps, sent };
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
  });

  it('reads an HTTP-date as the time left until it, and a past date as no wait', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', NOW)).toBe(0);
    // The obsolete RFC 850 form recipients must still accept.
    expect(parseRetryAfter('Thursday, 01-Jan-26 12:01:00 GMT', NOW)).toBe(60_000);
    // asctime carries no zone; HTTP dates are GMT whatever the machine's zone.
    expect(parseRetryAfter('Thu Jan  1 12:00:45 2026', NOW)).toBe(45_000);
  });

  it('ignores what is neither form', () => {
    for (const value of [
      undefined,
      '',
      '-1',
      '1.5',
      'soon',
      '2026-01-01T12:00:30Z',
      '1e3',
      'Thu, 01 Jan 2026 12:00:30 +0100',
    ]) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([200, 304, 400, 401, 403, 404, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      429, 500, 502, 503,
    ]);
  });
});

describe('requestWithRetries', () => {
  it('answers the first response that is not retryable, without waiting', async () => {
    expect(await run([reply(404)])).toMatchObject({
      result: { stop: 'answered', response: { status: 404 }, attempts: 1 },
      sleeps: [],
    });
  });

  it('backs off exponentially from delayMs, at most maxDelayMs', async () => {
    const t = await run([reply(500), reply(502), reply(503), reply(200)], { maxDelayMs: 300 });
    expect(t.result).toMatchObject({ stop: 'answered', response: { status: 200 }, attempts: 4 });
    expect(t.sleeps).toEqual([100, 200, 300]);
  });

  it('waits what Retry-After asks, in seconds or as an HTTP-date, instead of backing off', async () => {
    const t = await run([
      reply(429, { 'retry-after': '3' }),
      reply(503, { 'Retry-After': 'Thu, 01 Jan 2026 12:00:02 GMT' }),
      reply(200),
    ]);
    expect(t.result.stop).toBe('answered');
    expect(t.sleeps).toEqual([3000, 2000]);
  });

  it('stops when Retry-After asks for longer than maxRetryAfterMs', async () => {
    const t = await run([reply(429, { 'retry-after': '11' })]);
    expect(t.result).toEqual({
      stop: 'retry-after-too-long',
      response: reply(429, { 'retry-after': '11' }),
      attempts: 1,
      retryAfterMs: 11_000,
    });
    expect(t.sleeps).toEqual([]);
  });

  it('ends exhausted with the last response after retries + 1 attempts', async () => {
    const t = await run([reply(500), reply(500), reply(500)], { retries: 2 });
    expect(t.result).toEqual({ stop: 'exhausted', response: reply(500), attempts: 3 });
    expect(t.sleeps).toEqual([100, 200]);
  });

  it('retries network failures and ends failed with the last error', async () => {
    const timeout = createError(pdkErrors.NET_TIMEOUT, { url: 'x', timeoutMs: 5 });
    const t = await run([new Error('ECONNRESET'), timeout], { retries: 1 });
    expect(t.result).toEqual({ stop: 'failed', error: timeout, attempts: 2 });
    expect(t.sleeps).toEqual([100]);
  });

  it('does not retry a refusal such as PERMISSION_DENIED', async () => {
    const denied = createError(pdkErrors.PERMISSION_DENIED, {
      plugin: 'p',
      permission: 'net:other.example',
      action: 'fetch https://other.example/',
    });
    const t = await run([denied, reply(200)]);
    expect(t.result).toEqual({ stop: 'failed', error: denied, attempts: 1 });
  });

  it('asks the caller which answers to retry', async () => {
    const retryable = (r: NetResponse) =>
      r.status === 403 && r.headers['retry-after'] !== undefined;
    const t = await run([reply(403, { 'retry-after': '1' }), reply(500)], { retryable });
    expect(t.result).toMatchObject({ stop: 'answered', response: { status: 500 }, attempts: 2 });
    expect(t.sleeps).toEqual([1000]);
  });

  it('makes one attempt when retries is 0', async () => {
    const t = await run([reply(503), reply(200)], { retries: 0 });
    expect(t).toMatchObject({ result: { stop: 'exhausted', attempts: 1 }, sent: 1 });
  });
});
