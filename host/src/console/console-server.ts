import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createError } from '@stack-plugin/pdk';
import type { Host } from '../host/host-types.js';
import { hostErrors } from '../host-errors.js';
import { type ConsoleHandlerOptions, createConsoleHandler } from './console-handler.js';

/** Options of {@link startConsoleServer}. */
export interface ConsoleServerOptions extends Omit<ConsoleHandlerOptions, 'basePath'> {
  /** TCP port on 127.0.0.1; default 0, a free one. */
  readonly port?: number;
}

/** A console serving on loopback, from {@link startConsoleServer}. */
export interface ConsoleServer {
  /** The URL to open, with the token: `http://127.0.0.1:<port>/?token=...`. */
  readonly url: string;
  readonly port: number;
  /** Stops serving: open connections (a polling page) are ended. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves {@link createConsoleHandler} over `host` on 127.0.0.1 (never another interface), on
 * `port` or a free one. The host is the caller's: closing the server does not stop it.
 *
 * @throws `CONSOLE_LISTEN_FAILED` when the port cannot be bound.
 */
export async function startConsoleServer(
  host: Host,
  options: ConsoleServerOptions = {},
): Promise<ConsoleServer> {
  const handler = createConsoleHandler(host, options);
  const server = createServer((req, res) => {
    void handler.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  const address = '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        createError(hostErrors.CONSOLE_LISTEN_FAILED, {
          address: `${address}:${options.port ?? 0}`,
          detail: error.code ?? error.message,
        }),
      ),
    );
    server.listen(options.port ?? 0, address, resolve);
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${address}:${port}${handler.entryPath}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
