import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';
import type { Shutdown } from './_shutdown.js';

/** Where {@link serveHttp} listens. */
export interface HttpListenOptions {
  /** A loopback address (checked by the command before the host starts). */
  readonly address: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Called once listening, with the endpoint URL. */
  readonly onListening: (url: string) => void;
}

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: Server;
}

type Request = IncomingMessage & { body?: unknown };

/** The MCP endpoint path, as in the SDK's examples and most client configurations. */
export const MCP_PATH = '/mcp';

/**
 * Serves MCP over the streamable HTTP transport at `http://<address>:<port>/mcp` until
 * `shutdown` is requested. Each session (an `initialize` request, then the `mcp-session-id` header the
 * server hands out) gets its own server from `createServer`, all calling one host. The app is
 * the SDK's `createMcpExpressApp`, which also refuses requests whose Host header names
 * anything but the loopback names and the bound address (DNS rebinding: a web page the user
 * opens must not reach the server through a name that resolves to 127.0.0.1).
 *
 * @throws `MCP_LISTEN_FAILED` when the address cannot be bound (port taken, address absent).
 */
export async function serveHttp(
  createServer: () => Server,
  { address, port, onListening }: HttpListenOptions,
  shutdown: Shutdown,
): Promise<void> {
  const hostName = address.includes(':') ? `[${address}]` : address;
  const app = createMcpExpressApp({
    host: address,
    allowedHosts: [...new Set(['localhost', '127.0.0.1', '[::1]', hostName])],
  });
  const sessions = new Map<string, Session>();

  const reply = (res: ServerResponse, status: number, message: string) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
  };
  // Requests after initialize must name a live session; an unknown id is 404, which tells a
  // client to start a new session (the transport's specification).
  const existing = (req: Request, res: ServerResponse): Session | undefined => {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string') return undefined;
    const session = sessions.get(id);
    if (session === undefined) reply(res, 404, `No session "${id}": initialize a new one.`);
    return session;
  };

  app.post(MCP_PATH, async (req: Request, res: ServerResponse) => {
    const named = typeof req.headers['mcp-session-id'] === 'string';
    let session = existing(req, res);
    if (named && session === undefined) return;
    if (session === undefined) {
      if (!isInitializeRequest(req.body)) {
        reply(res, 400, 'No mcp-session-id header: the first request must be initialize.');
        return;
      }
      const server = createServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      session = { transport, server };
    }
    await session.transport.handleRequest(req, res, req.body);
  });
  // GET opens the server-to-client stream of a session, DELETE ends the session.
  const bySession = async (req: Request, res: ServerResponse) => {
    const session = existing(req, res);
    if (session !== undefined) await session.transport.handleRequest(req, res);
    else if (!res.headersSent) reply(res, 400, 'No mcp-session-id header.');
  };
  app.get(MCP_PATH, bySession);
  app.delete(MCP_PATH, bySession);

  const listener: HttpServer = await new Promise((resolve, reject) => {
    const server: HttpServer = app.listen(port, address);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        createError(cliErrors.MCP_LISTEN_FAILED, {
          address: `${hostName}:${port}`,
          detail: error.code ?? error.message,
        }),
      );
    });
  });
  try {
    const bound = listener.address() as AddressInfo;
    onListening(`http://${hostName}:${bound.port}${MCP_PATH}`);
    await shutdown.requested;
  } finally {
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.all(open.map(({ server }) => server.close()));
    // Open streams (a session's GET) would keep close() waiting: end them.
    listener.closeAllConnections();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
}
