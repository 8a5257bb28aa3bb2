import type { StateService } from '../services/host-services.js';
import { argumentSize } from './check-payload.js';
import { budgetExceeded, type PluginBudgets } from './plugin-budgets.js';

interface Usage {
  /** Key -> its approximate size (key and value). */
  readonly sizes: Map<string, number>;
  bytes: number;
}

/**
 * The state budgets of every store (`stateKeyLength`, `stateValueBytes`, `stateKeys`,
 * `stateBytes`), charged before a write reaches the state service, so a plugin with only
 * `state` cannot fill the host's heap or disk. A store's usage is read from the service the
 * first time the store is written in this process (values already stored count), then kept
 * up to date by the writes that pass through here: the broker is the only writer of plugin
 * state.
 */
class StateQuota {
  // Usage belongs to the data, so it is kept per service: hosts sharing one share it.
  readonly #usage = new WeakMap<StateService, Map<string, Promise<Usage>>>();

  /** Stores `value` under `key` in `store` for `plugin`, or throws `PLUGIN_BUDGET_EXCEEDED`. */
  async set(
    service: StateService,
    budgets: PluginBudgets,
    plugin: string,
    store: string,
    key: string,
    value: unknown,
  ): Promise<void> {
    if (key.length > budgets.stateKeyLength) {
      throw budgetExceeded(
        plugin,
        'stateKeyLength',
        budgets.stateKeyLength,
        `a key of ${key.length} characters`,
      );
    }
    const valueBytes = argumentSize(value, budgets.stateValueBytes);
    if (valueBytes < 0) {
      throw budgetExceeded(
        plugin,
        'stateValueBytes',
        budgets.stateValueBytes,
        `the value of "${key.slice(0, 64)}" is larger`,
      );
    }
    const usage = await this.#load(service, store);
    const entry = key.length * 2 + valueBytes;
    const previous = usage.sizes.get(key);
    const keys = usage.sizes.size + (previous === undefined ? 1 : 0);
    if (keys > budgets.stateKeys) {
      throw budgetExceeded(
        plugin,
        'stateKeys',
        budgets.stateKeys,
        `the store holds ${keys - 1} keys`,
      );
    }
    const bytes = usage.bytes - (previous ?? 0) + entry;
    if (bytes > budgets.stateBytes) {
      throw budgetExceeded(
        plugin,
        'stateBytes',
        budgets.stateBytes,
        `the store would hold about ${bytes} bytes`,
      );
    }
    // Charged before the write, so concurrent writes cannot all pass on the same headroom.
    usage.sizes.set(key, entry);
    usage.bytes = bytes;
    try {
      await service.set(store, key, value);
    } catch (error) {
      if (usage.sizes.get(key) === entry) {
        if (previous === undefined) usage.sizes.delete(key);
        else usage.sizes.set(key, previous);
        usage.bytes += (previous ?? 0) - entry;
      }
      throw error;
    }
  }

  /** Deletes `key` from `store` and gives its bytes back. */
  async delete(service: StateService, store: string, key: string): Promise<void> {
    await service.delete(store, key);
    const usage = await this.#usage.get(service)?.get(store);
    const size = usage?.sizes.get(key);
    if (usage === undefined || size === undefined) return;
    usage.sizes.delete(key);
    usage.bytes -= size;
  }

  #load(service: StateService, store: string): Promise<Usage> {
    let stores = this.#usage.get(service);
    if (stores === undefined) {
      stores = new Map();
      this.#usage.set(service, stores);
    }
    let usage = stores.get(store);
    if (usage === undefined) {
      usage = measureStore(service, store);
      const known = stores;
      usage.catch(() => known.delete(store));
      stores.set(store, usage);
    }
    return usage;
  }
}

/** The one quota of the process (see {@link StateQuota}). */
export const stateQuota: StateQuota = new StateQuota();

async function measureStore(service: StateService, store: string): Promise<Usage> {
  const sizes = new Map<string, number>();
  let bytes = 0;
  for (const key of await service.keys(store)) {
    const size =
      key.length * 2 + Math.max(0, argumentSize(await service.get(store, key), Infinity));
    sizes.set(key, size);
    bytes += size;
  }
  return { sizes, bytes };
}
