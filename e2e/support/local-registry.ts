// An npm registry (Verdaccio, in-process) on 127.0.0.1: no uplinks, anyone may publish. By
// default a throwaway one (ephemeral port, storage in a temp folder); with `root` and `port`
// a persistent one, whose storage outlives it and whose URL stays the same, so lockfiles that
// point at it keep working. Plain Node 24 can run this file (type stripping).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running local registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** Folder holding storage, npm caches and npmrc files; a temp one is removed by `stop()`. */
  readonly root: string;
  /** Stop the server; delete its storage unless it was given a `root`. */
  stop(): Promise<void>;
}

/** Options of {@link startLocalRegistry}. */
export interface LocalRegistryOptions {
  /** Keep storage here (created if missing, kept on stop); default a temp folder. */
  readonly root?: string;
  /** Listen on this port (default: any free one). */
  readonly port?: number;
}

/** Start Verdaccio on 127.0.0.1. */
export async function startLocalRegistry(
  options: LocalRegistryOptions = {},
): Promise<LocalRegistry> {
  const persistent = options.root !== undefined;
  const root = options.root ?? (await mkdtemp(join(tmpdir(), 'stack-registry-')));
  const storage = join(root, 'storage');
  await mkdir(storage, { recursive: true });
  await writeFile(join(root, 'htpasswd'), '', { flag: 'a' });
  const { runServer } = (await import('verdaccio')) as unknown as {
    runServer(config: unknown): Promise<Server>;
  };
  const server = await runServer({
    self_path: join(root, 'config.yaml'),
    storage,
    uplinks: {},
    packages: {
      '**': { access: '$all', publish: '$all', unpublish: '$all' },
    },
    auth: { htpasswd: { file: join(root, 'htpasswd'), max_users: -1 } },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'fatal' },
    max_body_size: '500mb',
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    root,
    async stop() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!persistent) await rm(root, { recursive: true, force: true });
    },
  };
}
