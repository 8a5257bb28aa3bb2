import { join, resolve } from 'node:path';
import type { HostLogger, HostServices } from '../host-services.js';
import { createJsonLogger } from './json-logger.js';
import { createNodeCapabilityServices } from './node-capability-services.js';
import { createNodeEnvService } from './node-env-service.js';
import { createNodeExecService } from './node-exec-service.js';
import { createNodeFsService } from './node-fs-service.js';
import { createNodeNetService } from './node-net-service.js';
import { createNodeSecretsService } from './node-secrets-service.js';
import { createNodeStateService } from './node-state-service.js';
import { createSystemClock } from './system-clock.js';

/** Options of {@link createNodeServices}. */
export interface NodeServicesOptions {
  /** Workspace root: fs paths and exec working folders are confined to it. */
  readonly root: string;
  /** Environment for `env`, `STACK_SECRET_*` secrets and programs' PATH (default `process.env`). */
  readonly env?: Record<string, string | undefined>;
  /** A JSON or `.env` secrets file, relative to `root` (see {@link createNodeSecretsService}). */
  readonly secretsFile?: string;
  /** Folder of the state journals (default `<root>/.stack/state`); the fs service refuses it. */
  readonly stateDir?: string;
  /** Where log records go (default JSON lines on stderr). */
  readonly logger?: HostLogger;
  /**
   * The host's database setting (stack.config.json `db`), read when a plugin first uses
   * `ctx.db`: PostgreSQL at `url`, or SQLite files under `stateDir` when it gives none.
   */
  readonly db?: () => { readonly url?: string } | undefined;
}

/** The real services, plus a way to flush and close the state store on shutdown. */
export interface NodeHostServices extends HostServices {
  /** Waits for pending state writes, closes the journals and the capability services. */
  close(): Promise<void>;
}

/**
 * The real Node adapters behind a host: fs confined to the workspace root, net with address
 * checks and DNS pinning, exec without a shell, env and secrets from the given map (and file),
 * a durable state store, the system clock and a JSON-lines logger. Nothing touches the disk
 * or network until a service is used.
 */
export function createNodeServices(options: NodeServicesOptions): NodeHostServices {
  const root = resolve(options.root);
  const env = { ...(options.env ?? process.env) };
  const stateDir = resolve(options.stateDir ?? join(root, '.stack', 'state'));
  const logger = options.logger ?? createJsonLogger();
  const secretsFile =
    options.secretsFile === undefined ? undefined : resolve(root, options.secretsFile);
  const state = createNodeStateService({ dir: stateDir });
  const capabilities = createNodeCapabilityServices({
    root,
    stateDir,
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  return {
    // Plugins with broad fs grants must still not read the journals or the secrets file.
    fs: createNodeFsService({
      root,
      reserved: secretsFile === undefined ? [stateDir] : [stateDir, secretsFile],
    }),
    net: createNodeNetService(),
    // Programs run confined, away from the journals and the secrets file.
    exec: createNodeExecService({
      root,
      env,
      hidden: { folders: [stateDir], files: secretsFile === undefined ? [] : [secretsFile] },
    }),
    env: createNodeEnvService(env),
    secrets: createNodeSecretsService({
      env,
      logger,
      ...(secretsFile === undefined ? {} : { file: secretsFile }),
    }),
    state,
    clock: createSystemClock(),
    logger,
    capabilities,
    // Capability services holding connections or files release them with a `close` of their
    // own, which is not a capability method.
    close: async () => {
      await state.close();
      for (const service of Object.values(capabilities)) {
        await (service as { close?: () => unknown }).close?.();
      }
    },
  };
}
