import { type CapabilityService, createNodeDbService } from '@stack-plugin/host';
import { SpyLog, type SpySequence } from './spy-log.js';

/**
 * The in-memory services of the capabilities the host's broker serves from their descriptor
 * alone, by service name: the harness's half of "Adding a capability" (ARCHITECTURE.md),
 * matching `createNodeCapabilityServices` of the host operation for operation (the
 * capability-coverage test checks it). Each records the calls that reach it (`calls`).
 */
export function createMemoryCapabilityServices(options: {
  readonly sequence: SpySequence;
  /** A PostgreSQL server for `ctx.db` instead of in-memory SQLite. */
  readonly db?: { readonly url: string };
}): Readonly<Record<string, CapabilityService>> {
  const { db } = options;
  return {
    // `ctx.db`: the host's own engines, chosen the way a Node host chooses them: in-memory
    // SQLite databases (one per plugin and database, living as long as the test host), or
    // the PostgreSQL server a test names.
    db: spied(
      createNodeDbService({ dir: ':memory:', ...(db === undefined ? {} : { config: () => db }) }),
      options.sequence,
    ),
  };
}

/** `service` with every operation recorded in a spy log, read through `calls`. */
function spied(service: object, sequence: SpySequence): CapabilityService {
  const spy = new SpyLog(sequence);
  const wrapped: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(service)) {
    if (typeof op !== 'function') continue;
    wrapped[name] = (...args: unknown[]) =>
      spy.track(name, args, () => (op as (...a: unknown[]) => unknown).apply(service, args));
  }
  Object.defineProperty(wrapped, 'calls', { get: () => spy.calls, enumerable: false });
  return wrapped as CapabilityService;
}
