import type { NetRequest, NetResponse } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api-client.js';

const response = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ({
    url: '',
    status,
    ok: status >= 200 && status < 300,
    headers,
    body: JSON.stringify(body),
  }) satisfies NetResponse;

/** A fake fetch answering from a script, recording each call. */
function scripted(...answers: Array<NetResponse | Error>) {
  const calls: Array<{ url: string; request: NetRequest | undefined }> = [];
  return {
    calls,
    fetch: async (url: string, request?: NetRequest) => {
      calls.push({ url, request });
      const next = answers.shift();
      if (next === undefined) throw new Error('no more scripted answers');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

describe('createApiClient', () => {
  it('sends the token and parses JSON', async () => {
    const net = scripted(response(200, { id: '1' }));
    const api = createApiClient({ fetch: net.fetch, token: 't0k', retries: 0, retryDelayMs: 0 });
    await expect(api.getJson('/items/1')).resolves.toEqual({ id: '1' });
    expect(net.calls).toEqual([
      {
        url: 'https://api.example.com/v1/items/1',
        request: { headers: { accept: 'application/json', authorization: 'Bearer t0k' } },
      },
    ]);
  });

  it('retries 5xx, 429 and network errors with exponential backoff', async () => {
    sleeps.length = 0;
    const net = scripted(
      response(503, {}),
      new Error('socket hang up'),
      response(429, {}),
      response(200, []),
    );
    const api = createApiClient({
      fetch: net.fetch,
      token: 't',
      retries: 3,
      retryDelayMs: 100,
      sleep,
    });
    await expect(api.getJson('/items')).resolves.toEqual([]);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('honours retry-after in seconds', async () => {
    sleeps.length = 0;
    const net = scripted(response(429, {}, { 'retry-after': '2' }), response(200, {}));
    const api = createApiClient({
      fetch: net.fetch,
      token: 't',
      retries: 1,
      retryDelayMs: 100,
      sleep,
    });
    await api.getJson('/items');
    expect(sleeps).toEqual([2000]);
  });

  it('refuses to wait longer than it may for a retry-after', async () => {
    sleeps.length = 0;
    const net = scripted(response(429, {}, { 'retry-after': '3600' }), response(200, {}));
    const api = createApiClient({
      fetch: net.fetch,
      token: 't',
      retries: 3,
      retryDelayMs: 100,
      sleep,
    });
    await expect(api.getJson('/items')).rejects.toMatchObject({
      message: 'GET /items answered 429 and asks to wait 3600 s, longer than the client waits',
      status: 429,
    });
    expect(sleeps).toEqual([]);
  });

  it('does not retry client errors', async () => {
    const net = scripted(response(404, {}), response(200, {}));
    const api = createApiClient({
      fetch: net.fetch,
      token: 't',
      retries: 3,
      retryDelayMs: 0,
      sleep,
    });
    await expect(api.getJson('/items/x')).rejects.toEqual(
      new ApiError('GET /items/x answered 404', 404),
    );
    expect(net.calls).toHaveLength(1);
  });

  it('gives up after the last retry with the last error', async () => {
    const net = scripted(response(500, {}), response(502, {}));
    const api = createApiClient({
      fetch: net.fetch,
      token: 't',
      retries: 1,
      retryDelayMs: 0,
      sleep,
    });
    await expect(api.getJson('/items')).rejects.toMatchObject({
      message: 'GET /items answered 502',
      status: 502,
    });
  });
});
