// A throwaway npm registry (Verdaccio, in-process) on an ephemeral 127.0.0.1 port: no uplinks,
// storage in a temp folder, anyone may publish. Plain Node 24 can run this file (type stripping).
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
  /** Temp folder holding storage, npm caches and npmrc files; removed by `stop()`. */
  readonly root: string;
  /** Stop the server and delete its storage. */
  stop(): Promise<void>;
}

/** Start Verdaccio on 127.0.0.1 with a free port. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'stack-registry-'));
  const storage = join(root, 'storage');
  await mkdir(storage, { recursive: true });
  await writeFile(join(root, 'htpasswd'), '');
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
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    root,
    async stop() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
