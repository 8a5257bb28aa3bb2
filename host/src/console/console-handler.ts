import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createError,
  isStackPluginError,
  type StackPluginError,
  toErrorJson,
} from '@stack-plugin/pdk';
import type { Host } from '../host/host-types.js';
import { PROMETHEUS_CONTENT_TYPE } from '../host/prometheus-metrics.js';
import { hostErrors } from '../host-errors.js';
import { auditQuery, consoleAudit, consoleState } from './_console-data.js';
import {
  cookieName,
  createConsoleToken,
  foreignRequest,
  requestToken,
  tokenMatches,
} from './_console-guard.js';

/** The changes the console's buttons make, each through the host method of the same name. */
export type ConsoleAction = 'enable' | 'disable' | 'reload';

/** Options of {@link createConsoleHandler}. */
export interface ConsoleHandlerOptions {
  /** The token requests must carry; default a new random one (32 bytes). */
  readonly token?: string;
  /**
   * Where the console is mounted: requests outside this path are left to the caller
   * (`handle` resolves false). Ends with `/`; default `/`.
   */
  readonly basePath?: string;
  /**
   * Called before `host.enable` / `host.disable` run for a button, to make the change last
   * (the CLI's console writes `enabled` in stack.config.json the way `stack-plugin disable`
   * does). When it throws, the host is left as it was and the page shows the error.
   */
  readonly persist?: (plugin: string, enabled: boolean) => Promise<void>;
}

/** The operations console over one host, to mount in an HTTP server. */
export interface ConsoleHandler {
  /**
   * Serves one request when its path is under `basePath` (resolves true once answered), or
   * resolves false and leaves the response alone. Every request needs the token (the
   * `?token=` of the first page load, then the cookie it sets, or the `x-stack-console-token`
   * header), must come over loopback with a loopback Host header, and must not come from a
   * page of another origin; changes are POST requests.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The token requests must carry. */
  readonly token: string;
  /** The path (with `?token=`) a browser opens first: append it to the server's origin. */
  readonly entryPath: string;
}

/**
 * Content-Security-Policy of every answer: the page's own script, style and API only (no
 * inline script, no other origin, no frames, no forms posting elsewhere).
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  'console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};

/** The page's files ship in the package's `console-ui/` (two levels above src/ and dist/). */
const ASSET_DIR = new URL('../../console-ui/', import.meta.url);
const assetCache = new Map<string, Promise<Buffer>>();
function asset(file: string): Promise<Buffer> {
  let text = assetCache.get(file);
  if (text === undefined) {
    text = readFile(new URL(file, ASSET_DIR));
    assetCache.set(file, text);
  }
  return text;
}

const STATUS: Readonly<Record<string, number>> = {
  CONSOLE_FORBIDDEN: 403,
  CONSOLE_METHOD_NOT_ALLOWED: 405,
  CONSOLE_NOT_FOUND: 404,
  CONSOLE_UNAUTHORIZED: 401,
  PLUGIN_NOT_FOUND: 404,
};

/**
 * The operations console of a running host as a request handler: a page (plain HTML, CSS and
 * a script shipped in this package, no framework) that lists the plugins with state,
 * isolation and permissions, draws the dependency graph and live call metrics as SVG, shows
 * the capability audit with filters, and enables, disables and reloads plugins through
 * `host.enable`, `host.disable` and `host.reload`. Serve it on loopback only, as
 * `startConsoleServer` does.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createHost } from '@stack-plugin/host';
 * import { createConsoleHandler } from '@stack-plugin/host/console';
 *
 * const host = createHost({ root: process.cwd() });
 * await host.start();
 * const console = createConsoleHandler(host, { basePath: '/console/' });
 * const server = createServer(async (req, res) => {
 *   if (!(await console.handle(req, res))) res.writeHead(404).end();
 * });
 * server.listen(8080, '127.0.0.1');
 * process.stdout.write(`http://127.0.0.1:8080${console.entryPath}\n`);
 * ```
 */
export function createConsoleHandler(
  host: Host,
  options: ConsoleHandlerOptions = {},
): ConsoleHandler {
  const token = options.token ?? createConsoleToken();
  const base = options.basePath ?? '/';
  if (!base.startsWith('/') || !base.endsWith('/')) {
    throw new TypeError(`basePath must start and end with "/" (got "${base}")`);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(base.length);
    const method = req.method ?? 'GET';
    const action = /^api\/plugins\/([^/]+)\/(enable|disable|reload)$/.exec(path);
    const refusal = foreignRequest(req, action !== null || method !== 'GET');
    if (refusal !== undefined) throw createError(hostErrors.CONSOLE_FORBIDDEN, { detail: refusal });
    // The first load carries the token in the URL: trade it for a cookie, and drop it from
    // the address bar (and from history) with a redirect.
    const given = url.searchParams.get('token');
    if (path === '' && given !== null && method === 'GET') {
      if (!tokenMatches(token, given)) throw createError(hostErrors.CONSOLE_UNAUTHORIZED, {});
      res.writeHead(303, {
        location: base,
        'set-cookie': `${cookieName(req)}=${token}; Path=${base}; HttpOnly; SameSite=Strict`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (!tokenMatches(token, requestToken(req))) {
      throw createError(hostErrors.CONSOLE_UNAUTHORIZED, {});
    }
    if (action !== null) {
      if (method !== 'POST') throw notAllowed(method, url.pathname, 'POST');
      let name: string;
      try {
        name = decodeURIComponent(action[1] as string);
      } catch {
        throw createError(hostErrors.CONSOLE_NOT_FOUND, { path: url.pathname });
      }
      if (host.plugin(name) === undefined) {
        throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: name });
      }
      await act(name, action[2] as ConsoleAction);
      return json(res, 200, consoleState(host));
    }
    if (method !== 'GET') throw notAllowed(method, url.pathname, 'GET');
    if (path === 'api/state') return json(res, 200, consoleState(host));
    if (path === 'api/audit') {
      return json(res, 200, consoleAudit(host.audit(), auditQuery(url.searchParams)));
    }
    if (path === 'metrics') {
      return send(res, 200, PROMETHEUS_CONTENT_TYPE, await host.metricsText());
    }
    const file = ASSETS[path];
    if (file === undefined) throw createError(hostErrors.CONSOLE_NOT_FOUND, { path: url.pathname });
    return send(res, 200, file.type, await asset(file.file));
  }

  async function act(name: string, action: ConsoleAction): Promise<void> {
    if (action === 'reload') return host.reload(name);
    const enabled = action === 'enable';
    await options.persist?.(name, enabled);
    await (enabled ? host.enable(name) : host.disable(name));
  }

  return {
    token,
    entryPath: `${base}?token=${token}`,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      if (!`${url.pathname}/`.startsWith(base)) return false;
      // `/console` for a base of `/console/`: the page's relative URLs need the slash.
      if (url.pathname.length < base.length) {
        res.writeHead(308, { location: `${base}${url.search}` }).end();
        return true;
      }
      try {
        await route(req, res, url);
      } catch (error) {
        const coded = isStackPluginError(error) ? error : undefined;
        if (!res.headersSent) {
          json(res, coded === undefined ? 500 : (STATUS[coded.code] ?? 409), toErrorJson(error));
        } else res.end();
      }
      return true;
    },
  };
}

function notAllowed(method: string, path: string, allowed: string): StackPluginError {
  return createError(hostErrors.CONSOLE_METHOD_NOT_ALLOWED, { method, path, allowed });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  });
  res.end(body);
}
