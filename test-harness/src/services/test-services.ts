import type { HostServices } from '@stack-plugin/host';
import { createFakeClock, type FakeClock, type FakeClockOptions } from './fake-clock.js';
import type { FileTree } from './file-tree.js';
import { createMemoryCapabilityServices } from './memory-capability-services.js';
import {
  createMemoryEnv,
  createMemorySecrets,
  type MemoryEnv,
  type MemorySecrets,
} from './memory-env.js';
import { createMemoryExec, type ExecFake, type MemoryExec } from './memory-exec.js';
import { createMemoryFs } from './memory-fs.js';
import { createMemoryNet, type MemoryNet, type RouteTable } from './memory-net.js';
import { createMemoryState, type MemoryState, type StateSeed } from './memory-state.js';
import { createRecordingLogger, type RecordingLogger } from './recording-logger.js';
import { createSpySequence } from './spy-log.js';
import { createTempDirFs, type TempDirFs } from './temp-dir-fs.js';
import type { WorkspaceFs } from './workspace-fs.js';

/** What the in-memory services of a test host start from. */
export interface TestServicesOptions {
  /** Initial workspace files. */
  readonly files?: FileTree;
  /** Put the workspace in a real temp directory instead of memory. */
  readonly tempDir?: boolean;
  /** Files outside the workspace (memory only), to test links that lead out of it. */
  readonly outsideFiles?: Readonly<Record<string, string>>;
  /** Network routes. */
  readonly net?: RouteTable;
  /** DNS answers reported to the host's per-hop check. */
  readonly dns?: Readonly<Record<string, string>>;
  /** Fake programs per command name. */
  readonly exec?: Readonly<Record<string, ExecFake>>;
  /** Environment variables (never `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Secret values. */
  readonly secrets?: Readonly<Record<string, string | undefined>>;
  /** Initial state per store (`plugin:<name>`, or `host:shared` for the shared one). */
  readonly state?: StateSeed;
  /** A fake clock, or options for one. */
  readonly clock?: FakeClock | FakeClockOptions;
  /** Print log records to stderr as they arrive. */
  readonly echoLogs?: boolean;
  /**
   * Run `ctx.db` on this PostgreSQL server, as stack.config.json `"db": { "url" }` does in a
   * Node host (default: in-memory SQLite databases). Give each test host a database of its
   * own (`PostgresServer.createDatabase`): plugin schemas and migration records live there.
   */
  readonly db?: { readonly url: string };
}

/** The in-memory services of one test host, each with its spy record. */
export interface TestServices extends HostServices {
  readonly fs: WorkspaceFs;
  readonly net: MemoryNet;
  readonly exec: MemoryExec;
  readonly env: MemoryEnv;
  readonly secrets: MemorySecrets;
  readonly state: MemoryState;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  /** Releases what the services hold (the temp directory, database connections). */
  dispose(): Promise<void>;
}

function isFakeClock(value: unknown): value is FakeClock {
  return typeof (value as FakeClock | undefined)?.advance === 'function';
}

/**
 * Creates every service a test host needs, sharing one call sequence so records of different
 * services can be ordered.
 */
export async function createTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const sequence = createSpySequence();
  let fs: WorkspaceFs;
  let dispose = async (): Promise<void> => {};
  if (options.tempDir === true) {
    const temp: TempDirFs = await createTempDirFs({ files: options.files ?? {}, sequence });
    fs = temp;
    dispose = () => temp.dispose();
  } else {
    fs = createMemoryFs({
      files: options.files ?? {},
      outside: options.outsideFiles ?? {},
      sequence,
    });
  }
  const capabilities = createMemoryCapabilityServices({
    sequence,
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  return {
    fs,
    net: createMemoryNet({
      routes: options.net ?? {},
      ...(options.dns === undefined ? {} : { dns: options.dns }),
      sequence,
    }),
    exec: createMemoryExec({ fakes: options.exec ?? {}, sequence }),
    env: createMemoryEnv(options.env ?? {}, { sequence }),
    secrets: createMemorySecrets(options.secrets ?? {}, { sequence }),
    state: createMemoryState(options.state ?? {}, { sequence }),
    clock: isFakeClock(options.clock) ? options.clock : createFakeClock(options.clock ?? {}),
    logger: createRecordingLogger({ echo: options.echoLogs === true }),
    capabilities,
    async dispose() {
      await dispose();
      // Capability services holding connections release them with a `close` of their own,
      // which is not a capability method (as in the host's createNodeServices).
      for (const service of Object.values(capabilities)) {
        await (service as { close?: () => unknown }).close?.();
      }
    },
  };
}
