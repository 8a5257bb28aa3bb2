import type { StateService } from '@stack-plugin/host';
import { type ServiceCall, SpyLog, type SpySequence } from './spy-log.js';

/** Initial state: store (`plugin:<name>`, or `host:shared`) -> key -> value. */
export type StateSeed = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The state store of a test host, with its spy record. */
export interface MemoryState extends StateService {
  readonly calls: readonly ServiceCall[];
  /** A deep copy of every store's values (`plugin:<name>`, `host:shared`), for snapshots. */
  snapshot(): Record<string, Record<string, unknown>>;
  /** Replaces one scope's values (test setup). */
  seed(scope: string, values: Readonly<Record<string, unknown>>): void;
  clearCalls(): void;
}

/**
 * Durable state in memory implementing the host's `StateService`. Values are stored and
 * returned as structured clones, as a real store would, so a plugin cannot change stored data
 * by mutating an object after `set` or after `get`.
 *
 * @example
 * ```ts
 * import { createMemoryState } from '@stack-plugin/test-harness';
 *
 * const state = createMemoryState({ 'plugin:my-plugin': { runs: 2 } });
 * await state.get('plugin:my-plugin', 'runs'); // 2
 * ```
 */
export function createMemoryState(
  initial: StateSeed = {},
  options: { readonly sequence?: SpySequence } = {},
): MemoryState {
  const scopes = new Map<string, Map<string, unknown>>();
  const scope = (name: string): Map<string, unknown> => {
    let values = scopes.get(name);
    if (values === undefined) {
      values = new Map();
      scopes.set(name, values);
    }
    return values;
  };
  const seed = (name: string, values: Readonly<Record<string, unknown>>): void => {
    scopes.set(name, new Map(Object.entries(structuredClone(values))));
  };
  for (const [name, values] of Object.entries(initial)) seed(name, values);
  const log = new SpyLog(options.sequence);

  return Object.defineProperties(
    {
      get: (name: string, key: string) =>
        log.track('get', [name, key], () => structuredClone(scopes.get(name)?.get(key))),
      set: (name: string, key: string, value: unknown) =>
        log.track('set', [name, key, value], () => {
          scope(name).set(key, structuredClone(value));
        }),
      delete: (name: string, key: string) =>
        log.track('delete', [name, key], () => {
          scopes.get(name)?.delete(key);
        }),
      keys: (name: string) =>
        log.track('keys', [name], () => [...(scopes.get(name)?.keys() ?? [])].sort()),
      snapshot: () =>
        Object.fromEntries(
          [...scopes]
            .filter(([, values]) => values.size > 0)
            .map(([name, values]) => [name, structuredClone(Object.fromEntries(values))]),
        ),
      seed,
      clearCalls: () => log.clear(),
    },
    { calls: { get: () => log.calls, enumerable: true } },
  ) as MemoryState;
}
