import type { NetRequest, NetResponse } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { type CachedResponse, createGitHubClient, GitHubError, nextLink } from './github-client.js';

const reply = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): NetResponse => ({
  url: '',
  status,
  ok: status >= 200 && status < 300,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function setup(...answers: Array<NetResponse | Error>) {
  const requests: Array<{ url: string; request: NetRequest | undefined }> = [];
  const store = new Map<string, CachedResponse>();
  const sleeps: number[] = [];
  const client = createGitHubClient({
    fetch: async (url, request) => {
      requests.push({ url, request });
      const next = answers.shift();
      if (next === undefined) throw new Error('unexpected request');
      if (next instanceof Error) throw next;
      return next;
    },
    token: 'ghp_test',
    retries: 2,
    retryDelayMs: 100,
    cache: {
      get: async (url) => store.get(url),
      set: async (url, value) => void store.set(url, value),
    },
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, requests, store, sleeps };
}

describe('nextLink', () => {
  it('finds rel="next" among the links', () => {
    expect(
      nextLink(
        '<https://api.github.com/x?page=3>; rel="last", <https://api.github.com/x?page=2>; rel="next"',
      ),
    ).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('createGitHubClient', () => {
  it('sends GitHub headers, caches by ETag and answers from the cache on 304', async () => {
    const t = setup(reply(200, [1], { etag: '"abc"' }), reply(304, ''));
    expect(await t.client.request('GET', 'https://api.github.com/a')).toEqual({
      status: 200,
      body: '[1]',
      next: undefined,
      cached: false,
    });
    expect(await t.client.request('GET', 'https://api.github.com/a')).toMatchObject({
      body: '[1]',
      cached: true,
    });
    expect(t.requests[0]?.request?.headers).toEqual({
      accept: 'application/vnd.github+json',
      authorization: 'Bearer ghp_test',
      'user-agent': 'stack-plugin-github-issues',
      'x-github-api-version': '2022-11-28',
    });
    expect(t.requests[1]?.request?.headers?.['if-none-match']).toBe('"abc"');
  });

  it('retries 5xx and network errors with backoff, then succeeds', async () => {
    const t = setup(reply(502, ''), new Error('ECONNRESET'), reply(200, {}));
    await t.client.request('GET', 'https://api.github.com/a');
    expect(t.sleeps).toEqual([100, 200]);
  });

  it('waits as long as a short retry-after asks, even on a 403 (secondary rate limit)', async () => {
    const t = setup(reply(403, { message: 'slow down' }, { 'retry-after': '3' }), reply(200, {}));
    await t.client.request('GET', 'https://api.github.com/a');
    expect(t.sleeps).toEqual([3000]);
  });

  it('gives up at once when the primary rate limit is used up', async () => {
    const t = setup(
      reply(
        403,
        { message: 'API rate limit exceeded' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '1767225600',
        },
      ),
    );
    await expect(t.client.request('GET', 'https://api.github.com/a')).rejects.toEqual(
      new GitHubError('GitHub rate limit used up; it resets at 2026-01-01T00:00:00.000Z', 403),
    );
    expect(t.requests).toHaveLength(1);
  });

  it('refuses a retry-after longer than a call may take', async () => {
    const t = setup(reply(429, {}, { 'retry-after': '120' }));
    await expect(t.client.request('GET', 'https://api.github.com/a')).rejects.toThrow(
      'GET https://api.github.com/a answered 429; GitHub asks to wait 120 s, longer than a call may take',
    );
  });

  it("does not retry client errors and passes on GitHub's message", async () => {
    const t = setup(reply(404, { message: 'Not Found' }));
    await expect(t.client.request('GET', 'https://api.github.com/a')).rejects.toEqual(
      new GitHubError('GET https://api.github.com/a answered 404: Not Found', 404),
    );
  });

  it('never sends If-None-Match on POST', async () => {
    const t = setup(reply(201, { number: 1 }));
    await t.client.request('POST', 'https://api.github.com/a', { title: 'x' });
    expect(t.requests[0]?.request).toMatchObject({ method: 'POST', body: '{"title":"x"}' });
    expect(t.requests[0]?.request?.headers?.['content-type']).toBe('application/json');
  });
});
