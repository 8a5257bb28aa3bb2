import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetHopDecision, NetServiceRequest } from '../../src/services/host-services.js';
import {
  createNodeNetService,
  type NodeNetServiceOptions,
  type ResolvedAddress,
} from '../../src/services/node/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let port: number;
const seen: Seen[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? '/', 'http://x');
  const redirect = (to: string, status = 302) => {
    res.writeHead(status, { location: to });
    res.end();
  };
  const hop = /^\/r\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const n = Number(hop[1]);
    if (n === 0) res.end('done');
    else redirect(`/r/${n - 1}`);
    return;
  }
  switch (url.pathname) {
    case '/hello':
      res.writeHead(201, { 'x-one': '1', 'set-cookie': ['a=1', 'b=2'] });
      res.end(`hello ${req.method} ${body}`);
      return;
    case '/to':
      redirect(url.searchParams.get('u')!, Number(url.searchParams.get('s') ?? 302));
      return;
    case '/big':
      res.end('x'.repeat(2000));
      return;
    case '/chunked':
      res.write('x'.repeat(600));
      res.end('y'.repeat(600));
      return;
    case '/bomb':
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(200_000)));
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('zipped text'));
      return;
    case '/hang':
      return; // never answers
    default:
      res.writeHead(404);
      res.end('nope');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A resolver stub: names under `.test` map to 127.0.0.1 unless told otherwise. */
function resolver(table: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    calls.push(host);
    const answers = table[host] ?? (host.endsWith('.test') ? ['127.0.0.1'] : undefined);
    if (answers === undefined) throw new Error(`ENOTFOUND ${host}`);
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { calls, resolve };
}

/** An authorize callback that allows private answers only for `declared` hosts. */
function authorizer(declared: string[], refused: string[] = []) {
  const hops: Array<[string, string | undefined]> = [];
  const authorize = (url: URL, address: string | undefined): NetHopDecision | undefined => {
    hops.push([url.href, address]);
    if (refused.includes(url.hostname)) {
      throw createError(pdkErrors.PERMISSION_DENIED, {
        plugin: 'p',
        action: `reach ${url.host}`,
        permission: `net:${url.hostname}`,
      });
    }
    return declared.includes(url.hostname) ? { allowPrivate: true } : undefined;
  };
  return { hops, authorize };
}

function fetchWith(
  url: string,
  authorize: (url: URL, address: string | undefined) => unknown,
  options: NodeNetServiceOptions = {},
  extra: Partial<NetServiceRequest> = {},
) {
  const net = createNodeNetService({ resolve: resolver().resolve, ...options });
  return net.fetch({
    url,
    method: 'GET',
    headers: {},
    timeoutMs: 5000,
    authorize: authorize as NetServiceRequest['authorize'],
    ...extra,
  });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return isStackPluginError(error) ? { code: error.code, message: error.message } : error;
  }
  throw new Error('expected a rejection');
}

const requestsTo = (path: string) => seen.filter((s) => s.url.startsWith(path)).length;

describe('createNodeNetService', () => {
  it('fetches from a declared loopback host with fetch-like results', async () => {
    const { hops, authorize } = authorizer(['api.test']);
    const response = await fetchWith(
      `http://api.test:${port}/hello`,
      authorize,
      {},
      {
        method: 'post',
        body: 'payload',
        headers: { 'Content-Type': 'text/plain', Host: 'evil.example' },
      },
    );
    expect(response).toEqual({
      url: `http://api.test:${port}/hello`,
      status: 201,
      ok: true,
      headers: expect.objectContaining({ 'x-one': '1', 'set-cookie': 'a=1, b=2' }),
      body: 'hello POST payload',
    });
    expect(hops).toEqual([[`http://api.test:${port}/hello`, '127.0.0.1']]);
    expect(seen.at(-1)?.headers.host).toBe(`api.test:${port}`);
  });

  it('refuses loopback when the host was not declared, before connecting', async () => {
    const before = requestsTo('/hello');
    expect(await failure(fetchWith(`http://127.0.0.1:${port}/hello`, () => undefined))).toEqual({
      code: 'NET_ADDRESS_BLOCKED',
      message: `http://127.0.0.1:${port}/hello resolves to 127.0.0.1, a loopback address, which plugins may not reach unless that host is declared.`,
    });
    expect(requestsTo('/hello')).toBe(before);
  });

  it.each([
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://017700000001/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1', 'loopback'],
    ['http://[::1]/', '::1', 'loopback'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'metadata'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'metadata'],
    ['http://[::ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe', 'metadata'],
    ['http://10.1.2.3/', '10.1.2.3', 'private'],
    ['http://localhost.test/', '127.0.0.1', 'loopback'],
  ])('refuses the SSRF form %s', async (url, address, range) => {
    expect(await failure(fetchWith(url, () => undefined))).toMatchObject({
      code: 'NET_ADDRESS_BLOCKED',
      message: expect.stringContaining(`resolves to ${address}, a ${range} address`),
    });
  });

  it('refuses a host when any of its answers is private, even if the first is public', async () => {
    const { resolve } = resolver({ 'mixed.example': ['93.184.216.34', '127.0.0.1'] });
    expect(
      await failure(fetchWith('http://mixed.example/', () => undefined, { resolve })),
    ).toMatchObject({ code: 'NET_ADDRESS_BLOCKED' });
  });

  it('pins the connection to the checked address, so a rebinding answer is never used', async () => {
    // First answer: the (declared) loopback server; any later lookup would go elsewhere.
    let answers = 0;
    const resolve = async (): Promise<ResolvedAddress[]> =>
      answers++ === 0
        ? [{ address: '127.0.0.1', family: 4 }]
        : [{ address: '203.0.113.9', family: 4 }];
    const { authorize } = authorizer(['rebind.test']);
    const response = await fetchWith(`http://rebind.test:${port}/hello`, authorize, { resolve });
    expect(response.body).toBe('hello GET ');
    expect(answers).toBe(1);
  });

  it('re-checks every redirect: an undeclared host is refused and never contacted', async () => {
    const { hops, authorize } = authorizer(['api.test'], ['evil.test']);
    const target = `http://evil.test:${port}/hello`;
    const before = requestsTo('/hello');
    expect(
      await failure(
        fetchWith(`http://api.test:${port}/to?u=${encodeURIComponent(target)}`, authorize),
      ),
    ).toEqual({
      code: 'PERMISSION_DENIED',
      message: `"p" may not reach evil.test:${port}: it has not been granted "net:evil.test".`,
    });
    expect(hops.map(([url]) => url)).toEqual([
      `http://api.test:${port}/to?u=${encodeURIComponent(target)}`,
      target,
    ]);
    expect(requestsTo('/hello')).toBe(before);
  });

  it('refuses a redirect from a declared host to a loopback or metadata address', async () => {
    const { authorize } = authorizer(['api.test']);
    for (const target of [`http://127.0.0.1:${port}/hello`, 'http://169.254.169.254/']) {
      expect(
        await failure(
          fetchWith(`http://api.test:${port}/to?u=${encodeURIComponent(target)}`, authorize),
        ),
      ).toMatchObject({ code: 'NET_ADDRESS_BLOCKED' });
    }
  });

  it('follows at most maxRedirects hops, authorizing each', async () => {
    const { hops, authorize } = authorizer(['api.test']);
    const response = await fetchWith(`http://api.test:${port}/r/5`, authorize);
    expect(response).toMatchObject({ url: `http://api.test:${port}/r/0`, body: 'done' });
    expect(hops).toHaveLength(6);
    expect(await failure(fetchWith(`http://api.test:${port}/r/6`, authorize))).toEqual({
      code: 'NET_REDIRECT_LIMIT',
      message: `The request to http://api.test:${port}/r/6 was redirected more than 5 times.`,
    });
    expect(
      await failure(fetchWith(`http://api.test:${port}/r/2`, authorize, { maxRedirects: 1 })),
    ).toMatchObject({
      code: 'NET_REDIRECT_LIMIT',
    });
  });

  it('turns a 303 into a GET and drops credentials on a cross-origin hop', async () => {
    const { authorize } = authorizer(['api.test', 'other.test']);
    const hop = (u: string, s: number) =>
      `http://api.test:${port}/to?s=${s}&u=${encodeURIComponent(u)}`;
    await fetchWith(
      hop(`http://other.test:${port}/hello`, 303),
      authorize,
      {},
      {
        method: 'POST',
        body: 'secret body',
        headers: { authorization: 'Bearer t', cookie: 'c=1', 'x-keep': 'k' },
      },
    );
    const last = seen.at(-1)!;
    expect([
      last.method,
      last.body,
      last.headers.authorization,
      last.headers.cookie,
      last.headers['x-keep'],
    ]).toEqual(['GET', '', undefined, undefined, 'k']);
    await fetchWith(
      hop('/hello', 307),
      authorize,
      {},
      {
        method: 'PUT',
        body: 'kept',
        headers: { authorization: 'Bearer t' },
      },
    );
    expect([seen.at(-1)?.method, seen.at(-1)?.body, seen.at(-1)?.headers.authorization]).toEqual([
      'PUT',
      'kept',
      'Bearer t',
    ]);
  });

  it('caps the body, also without content-length and after decompression', async () => {
    const { authorize } = authorizer(['api.test']);
    const small = { maxResponseBytes: 1000 };
    for (const path of ['/big', '/chunked', '/bomb']) {
      expect(await failure(fetchWith(`http://api.test:${port}${path}`, authorize, small))).toEqual({
        code: 'NET_RESPONSE_TOO_LARGE',
        message: `The response from http://api.test:${port}${path} is larger than 1000 bytes.`,
      });
    }
    expect((await fetchWith(`http://api.test:${port}/gzip`, authorize, small)).body).toBe(
      'zipped text',
    );
  });

  it('times out a silent server and honours an abort signal', async () => {
    const { authorize } = authorizer(['api.test']);
    expect(
      await failure(fetchWith(`http://api.test:${port}/hang`, authorize, {}, { timeoutMs: 50 })),
    ).toEqual({
      code: 'NET_TIMEOUT',
      message: `The request to http://api.test:${port}/hang did not complete within 50 ms.`,
    });
    const controller = new AbortController();
    const pending = fetchWith(
      `http://api.test:${port}/hang`,
      authorize,
      {},
      { signal: controller.signal },
    );
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it.each([
    ['file:///etc/passwd', 'the file: scheme is not allowed'],
    ['gopher://x.test/', 'the gopher: scheme is not allowed'],
    ['http://user:pw@api.test/', 'credentials in URLs are refused'],
    ['not a url', 'it is not a valid URL'],
  ])('refuses the URL %s', async (url, detail) => {
    expect(await failure(fetchWith(url, () => ({ allowPrivate: true })))).toEqual({
      code: 'NET_URL_INVALID',
      message: `"${url}" cannot be fetched: ${detail}.`,
    });
  });

  it('reports unreachable hosts as NET_FAILED', async () => {
    expect(await failure(fetchWith('http://nowhere.invalid/', () => undefined))).toMatchObject({
      code: 'NET_FAILED',
      message:
        'The request to http://nowhere.invalid/ failed: "nowhere.invalid" could not be resolved.',
    });
  });
});
