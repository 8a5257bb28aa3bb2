import { join } from 'node:path';
import { createNodeDbService } from '../db/node-db-service.js';
import type { CapabilityService } from '../host-services.js';

/** What the Node adapters of descriptor-only capabilities may use. */
export interface NodeCapabilityServicesOptions {
  /** Workspace root. */
  readonly root: string;
  /** Folder where the host keeps plugin data (state journals live there too). */
  readonly stateDir: string;
  /** The host's database setting (stack.config.json `db`), read when `ctx.db` is first used. */
  readonly db?: () => { readonly url?: string } | undefined;
}

/**
 * The Node adapters of the capabilities the broker serves from their descriptor alone
 * (`serviceCall`), by the descriptor's `service` name: the host's half of "Adding a
 * capability" (ARCHITECTURE.md). Each method receives the calling plugin's name first, after
 * the broker checked and recorded the call.
 */
export function createNodeCapabilityServices(
  options: NodeCapabilityServicesOptions,
): Readonly<Record<string, CapabilityService>> {
  return {
    // `ctx.db`: PostgreSQL when the host config names one, else a SQLite file per plugin and
    // database, under the data folder that the fs and exec services already keep plugins out of.
    db: createNodeDbService({
      dir: join(options.stateDir, 'db'),
      ...(options.db === undefined ? {} : { config: options.db }),
    }) as unknown as CapabilityService,
  };
}
