import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleHandler, startConsoleServer } from '../src/console/index.js';
import { createHost, type Host } from '../src/index.js';
import { fixture, testServices } from './_support.js';

// The operations console through its public API, over a real host with fixture plugins, and
// attacked the ways a browser page or another machine could: no token, a wrong one, a foreign
// Host (DNS rebinding), a foreign Origin (CSRF), a GET where a change needs POST.

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let host: Host;
let server: Awaited<ReturnType<typeof startConsoleServer>>;
let persisted: Array<[string, boolean]>;
let refusePersist = false;
let origin: string;
let token: string;

beforeEach(async () => {
  host = createHost({
    root: fixture('.'),
    config: {
      plugins: [
        { path: 'hello' },
        { path: 'greeter' },
        { path: 'capabilities' },
        { path: 'faulty-handlers' },
      ],
    },
    services: testServices({ env: { HOME_DIR: '/home/x' } }),
    env: {},
  });
  await host.start();
  persisted = [];
  refusePersist = false;
  server = await startConsoleServer(host, {
    async persist(name, enabled) {
      if (refusePersist) throw new Error('config is read-only');
      persisted.push([name, enabled]);
    },
  });
  const url = new URL(server.url);
  origin = url.origin;
  token = url.searchParams.get('token') ?? '';
});
afterEach(async () => {
  await server.close();
  await host.stop();
});

/** A raw request (node:http, so Host and Origin can be anything a client could send). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${origin}${path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const withToken = (extra: Record<string, string> = {}) => ({
  'x-stack-console-token': token,
  ...extra,
});
const code = (answer: Answer) =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

/** Opens the page as a browser does: the token URL, then the cookie it set. */
async function login(): Promise<string> {
  const first = await send(`/?token=${token}`);
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe('/');
  const cookie = first.headers['set-cookie']?.[0] ?? '';
  expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict$/);
  return cookie.split(';')[0] as string;
}

describe('the console refuses', () => {
  it('every request without the token: page, assets, API and metrics', async () => {
    for (const path of [
      '/',
      '/console.js',
      '/console.css',
      '/api/state',
      '/api/audit',
      '/metrics',
    ]) {
      const answer = await send(path);
      expect([path, answer.status, code(answer)]).toEqual([path, 401, 'CONSOLE_UNAUTHORIZED']);
    }
    // A change without the token or an Origin is refused before its token is looked at.
    const post = await send('/api/plugins/hello/disable', { method: 'POST' });
    expect([post.status, code(post)]).toEqual([403, 'CONSOLE_FORBIDDEN']);
    expect(host.plugin('hello')?.state).toBe('active');
  });

  it('a wrong token, in the URL, the header or the cookie', async () => {
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await send(`/?token=${wrong}`)).status).toBe(401);
    expect((await send('/api/state', { headers: { 'x-stack-console-token': wrong } })).status).toBe(
      401,
    );
    const port = new URL(origin).port;
    const cookie = `stack-console-${port}=${wrong}`;
    expect((await send('/api/state', { headers: { cookie } })).status).toBe(401);
    expect((await send('/api/state', { headers: { cookie: `${cookie}x` } })).status).toBe(401);
  });

  it('a foreign Host header even with the token (DNS rebinding)', async () => {
    const port = new URL(origin).port;
    const answer = await send('/api/state', {
      headers: withToken({ host: `evil.example:${port}` }),
    });
    expect([answer.status, code(answer)]).toEqual([403, 'CONSOLE_FORBIDDEN']);
    // The right name on another port is another site too.
    expect((await send('/api/state', { headers: withToken({ host: '127.0.0.1:1' }) })).status).toBe(
      403,
    );
  });

  it('a change posted by a page of another origin (CSRF), with or without Origin', async () => {
    const cookie = await login();
    const foreign = await send('/api/plugins/hello/disable', {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect([foreign.status, code(foreign)]).toEqual([403, 'CONSOLE_FORBIDDEN']);
    const crossSite = await send('/api/plugins/hello/disable', {
      method: 'POST',
      headers: { cookie, origin, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await send('/api/plugins/hello/disable', {
      method: 'POST',
      headers: { cookie },
    });
    expect(noOrigin.status).toBe(403);
    expect(host.plugin('hello')?.state).toBe('active');
    expect(persisted).toEqual([]);
  });

  it('changes by GET, and other methods on reads', async () => {
    const get = await send('/api/plugins/hello/disable', { headers: withToken() });
    expect([get.status, code(get)]).toEqual([405, 'CONSOLE_METHOD_NOT_ALLOWED']);
    const post = await send('/api/state', { method: 'POST', headers: withToken({ origin }) });
    expect(post.status).toBe(405);
    expect(host.plugin('hello')?.state).toBe('active');
  });

  it('connections from another machine', async () => {
    const handler = createConsoleHandler(host);
    let status = 0;
    let body = '';
    const res = {
      headersSent: false,
      writeHead(code: number) {
        status = code;
        return res;
      },
      end(text: string) {
        body = text;
      },
    };
    const req = {
      url: `/api/state`,
      method: 'GET',
      headers: { host: '127.0.0.1:7070', 'x-stack-console-token': handler.token },
      socket: { remoteAddress: '192.0.2.7', localPort: 7070 },
    };
    await handler.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    expect(status).toBe(403);
    expect(JSON.parse(body).error.message).toContain('192.0.2.7');
  });
});

describe('the console serves', () => {
  it('the page for the token, then by its cookie, with a Content-Security-Policy', async () => {
    const cookie = await login();
    const page = await send('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).toContain('<script src="console.js" defer></script>');
    expect(page.body).not.toMatch(/<script>|\sstyle=|\son[a-z]+=/);
    const script = await send('/console.js', { headers: { cookie } });
    expect([script.status, script.headers['content-type']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    expect(script.body).not.toContain('innerHTML');
  });

  it("the plugins with state, isolation, permissions by risk, and the host's graph", async () => {
    const state = JSON.parse((await send('/api/state', { headers: withToken() })).body);
    expect(state.plugins.map((p: { name: string; state: string }) => [p.name, p.state])).toEqual([
      ['hello', 'active'],
      ['greeter', 'active'],
      ['capabilities', 'active'],
      ['faulty-handlers', 'active'],
    ]);
    const capabilities = state.plugins[2];
    expect(capabilities.isolation).toBe('none');
    expect(capabilities.permissions[0]).toEqual({
      permission: 'exec:git',
      risk: 'critical',
      summary: expect.any(String),
      warning: expect.stringContaining('runs arbitrary code'),
    });
    expect(capabilities.permissions.at(-1).risk).toBe('low');
    expect(state.graph).toEqual({
      nodes: [
        { name: 'hello', version: '1.2.0', state: 'active' },
        { name: 'greeter', version: '0.3.0', state: 'active' },
        { name: 'capabilities', version: '1.0.0', state: 'active' },
        { name: 'faulty-handlers', version: '1.0.0', state: 'active' },
      ],
      edges: [{ from: 'greeter', to: 'hello', range: '^1.0.0' }],
      levels: [['hello', 'capabilities', 'faulty-handlers'], ['greeter']],
    });
  });

  it('live call figures and the Prometheus text', async () => {
    await host.execute('ok');
    await expect(host.execute('boom')).rejects.toThrow();
    const state = JSON.parse((await send('/api/state', { headers: withToken() })).body);
    const faulty = state.plugins[3].metrics;
    expect([faulty.calls, faulty.errors]).toEqual([2, 1]);
    expect(faulty.p99Ms).toBeGreaterThan(0);
    const metrics = await send('/metrics', { headers: withToken() });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.body).toContain('stack_plugin_calls_total{plugin="faulty-handlers"} 2');
  });

  it('the audit, filtered by plugin, decision and time', async () => {
    await host.execute('call', { path: 'env.get', args: ['HOME_DIR'] });
    await host.execute('call', { path: 'env.get', args: ['OTHER'] });
    const audit = async (query: string) =>
      JSON.parse((await send(`/api/audit${query}`, { headers: withToken() })).body) as {
        total: number;
        records: Array<{ plugin: string; target: string; allowed: boolean }>;
      };
    const all = await audit('?plugin=capabilities');
    expect(all.records.map((r) => [r.target, r.allowed])).toEqual(
      expect.arrayContaining([
        ['HOME_DIR', true],
        ['OTHER', false],
      ]),
    );
    const denied = await audit('?plugin=capabilities&denied=1');
    expect(denied.records.map((r) => [r.target, r.allowed])).toEqual([['OTHER', false]]);
    expect((await audit('?plugin=hello')).total).toBe(0);
    expect((await audit(`?since=${Date.now() + 60_000}`)).total).toBe(0);
  });
});

describe('the buttons', () => {
  it('disable, enable and reload through the host, persisting enable and disable first', async () => {
    const cookie = await login();
    const post = (path: string) =>
      send(path, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
      });
    const disabled = await post('/api/plugins/greeter/disable');
    expect(disabled.status).toBe(200);
    expect(host.plugin('greeter')?.state).not.toBe('active');
    const after = JSON.parse(disabled.body);
    expect(after.plugins[1]).toMatchObject({
      name: 'greeter',
      state: host.plugin('greeter')?.state,
    });
    expect((await post('/api/plugins/greeter/enable')).status).toBe(200);
    expect(host.plugin('greeter')?.state).toBe('active');
    expect((await post('/api/plugins/greeter/reload')).status).toBe(200);
    expect(persisted).toEqual([
      ['greeter', false],
      ['greeter', true],
    ]);
  });

  it('leave the host as it was when persisting fails, and name an unknown plugin', async () => {
    refusePersist = true;
    const answer = await send('/api/plugins/hello/disable', {
      method: 'POST',
      headers: withToken(),
    });
    expect(answer.status).toBe(500);
    expect(host.plugin('hello')?.state).toBe('active');
    const unknown = await send('/api/plugins/nope/disable', {
      method: 'POST',
      headers: withToken(),
    });
    expect([unknown.status, code(unknown)]).toEqual([404, 'PLUGIN_NOT_FOUND']);
    const garbled = await send('/api/plugins/%E0%A4%A/disable', {
      method: 'POST',
      headers: withToken(),
    });
    expect([garbled.status, code(garbled)]).toEqual([404, 'CONSOLE_NOT_FOUND']);
  });
});

describe('startConsoleServer', () => {
  it('names a port it cannot listen on', async () => {
    const port = Number(new URL(origin).port);
    await expect(startConsoleServer(host, { port })).rejects.toMatchObject({
      code: 'CONSOLE_LISTEN_FAILED',
      data: { address: `127.0.0.1:${port}`, detail: 'EADDRINUSE' },
    });
  });
});

describe('mounted by a host application', () => {
  it('answers under its base path only and redirects the bare base', async () => {
    const handler = createConsoleHandler(host, { basePath: '/ops/' });
    expect(handler.entryPath).toBe(`/ops/?token=${handler.token}`);
    const res = {
      headersSent: false,
      status: 0,
      headers: {} as Record<string, string>,
      writeHead(code: number, headers: Record<string, string> = {}) {
        res.status = code;
        res.headers = headers;
        return res;
      },
      end() {},
    };
    const req = (url: string) =>
      ({
        url,
        method: 'GET',
        headers: { host: '127.0.0.1:80' },
        socket: { remoteAddress: '127.0.0.1', localPort: 80 },
      }) as unknown as IncomingMessage;
    expect(await handler.handle(req('/other'), res as unknown as ServerResponse)).toBe(false);
    expect(await handler.handle(req('/ops'), res as unknown as ServerResponse)).toBe(true);
    expect([res.status, res.headers.location]).toEqual([308, '/ops/']);
    expect(() => createConsoleHandler(host, { basePath: 'ops' })).toThrow(/basePath/);
  });
});
