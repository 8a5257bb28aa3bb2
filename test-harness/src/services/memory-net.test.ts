import { describe, expect, it } from 'vitest';
import { createMemoryNet } from './memory-net.js';

const allowAll = () => {};
const request = (url: string, extra: Record<string, unknown> = {}) => ({
  url,
  method: 'GET',
  headers: {},
  timeoutMs: 1000,
  authorize: allowAll,
  ...extra,
});

describe('createMemoryNet', () => {
  it('answers from "METHOD URL" keys, wildcards, functions and JSON bodies', async () => {
    const net = createMemoryNet({
      routes: {
        'GET https://api.example.com/users/*': { json: { name: 'Ada' } },
        'POST https://api.example.com/users': (req) => ({ status: 201, json: req.json() }),
        'https://api.example.com/health': 'ok',
      },
    });
    expect(await net.fetch(request('https://api.example.com/users/1?x=1'))).toEqual({
      url: 'https://api.example.com/users/1?x=1',
      status: 200,
      ok: true,
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ada"}',
    });
    const created = await net.fetch(
      request('https://api.example.com/users', { method: 'POST', body: '{"name":"Bo"}' }),
    );
    expect([created.status, created.body]).toEqual([201, '{"name":"Bo"}']);
    expect(
      (await net.fetch(request('https://api.example.com/health', { method: 'HEAD' }))).body,
    ).toBe('ok');
    expect(net.requests.map((r) => [r.method, r.url, r.route, r.status])).toEqual([
      ['GET', 'https://api.example.com/users/1?x=1', 'GET https://api.example.com/users/*', 200],
      ['POST', 'https://api.example.com/users', 'POST https://api.example.com/users', 201],
      ['HEAD', 'https://api.example.com/health', '* https://api.example.com/health', 200],
    ]);
  });

  it('a single * stays within one path segment; ** crosses segments', async () => {
    const net = createMemoryNet({
      routes: [
        { url: 'https://a.test/one/*', response: 'one' },
        { url: 'https://a.test/any/**', response: 'any' },
        { url: /^https:\/\/b\.test\/v\d+$/, response: 're' },
      ],
    });
    expect((await net.fetch(request('https://a.test/any/x/y'))).body).toBe('any');
    expect((await net.fetch(request('https://b.test/v2'))).body).toBe('re');
    await expect(net.fetch(request('https://a.test/one/x/y'))).rejects.toMatchObject({
      code: 'TEST_NET_NO_ROUTE',
    });
  });

  it('fails unmatched requests with TEST_NET_NO_ROUTE and keeps them', async () => {
    const net = createMemoryNet({ routes: { 'GET https://api.example.com/a': 'a' } });
    const error = await net.fetch(request('https://api.example.com/b')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TEST_NET_NO_ROUTE',
      message:
        'GET https://api.example.com/b has no route in the test host, so it was not answered.',
    });
    expect(net.unmatched).toEqual([
      {
        method: 'GET',
        url: 'https://api.example.com/b',
        headers: {},
        body: undefined,
        route: undefined,
        status: undefined,
      },
    ]);
    expect(net.calls[0]).toMatchObject({ method: 'fetch', ok: false });
  });

  it('follows redirects, authorizing every hop with its DNS address', async () => {
    const hops: Array<[string, string | undefined]> = [];
    const net = createMemoryNet({
      dns: { 'api.example.com': '93.184.216.34' },
      routes: {
        'https://api.example.com/old': { status: 302, headers: { Location: '/new' } },
        'https://api.example.com/new': { status: 303, headers: { location: 'http://127.0.0.1/x' } },
        'GET http://127.0.0.1/x': 'final',
      },
    });
    // As in a real host, only a decision naming the loopback host exactly lets a hop reach it.
    const declaring = (url: URL, address: string | undefined) => {
      hops.push([url.href, address]);
      return { allowPrivate: url.hostname === '127.0.0.1' };
    };
    const response = await net.fetch(
      request('https://api.example.com/old', { method: 'POST', authorize: declaring }),
    );
    expect(response.url).toBe('http://127.0.0.1/x');
    expect(hops).toEqual([
      ['https://api.example.com/old', '93.184.216.34'],
      ['https://api.example.com/new', '93.184.216.34'],
      ['http://127.0.0.1/x', '127.0.0.1'],
    ]);
    // Without such a decision the host's address policy refuses the loopback hop, as the Node
    // net service does.
    await expect(
      net.fetch(request('https://api.example.com/old', { method: 'POST', authorize: () => {} })),
    ).rejects.toMatchObject({ code: 'NET_ADDRESS_BLOCKED' });
  });

  it('stops when authorize refuses a hop, and after too many redirects', async () => {
    const net = createMemoryNet({
      maxRedirects: 2,
      routes: { 'https://loop.test/**': { status: 301, headers: { location: '/again' } } },
    });
    const refuse = () => {
      throw new Error('refused');
    };
    await expect(net.fetch(request('https://loop.test/', { authorize: refuse }))).rejects.toThrow(
      'refused',
    );
    await expect(net.fetch(request('https://loop.test/'))).rejects.toMatchObject({
      code: 'NET_REDIRECT_LIMIT',
    });
  });

  it('route() puts new routes in front', async () => {
    const net = createMemoryNet({ routes: { 'https://a.test/': 'old' } });
    net.route({ 'https://a.test/': 'new' });
    expect((await net.fetch(request('https://a.test/'))).body).toBe('new');
    net.clearCalls();
    expect([net.calls, net.requests]).toEqual([[], []]);
  });
});
