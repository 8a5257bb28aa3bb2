import type {
  CapabilityCall,
  CapabilityHandler,
  ExecutorLoadRequest,
  PluginExecutor,
  PluginInstance,
} from '@stack-plugin/host';
import { PluginRuntime } from '@stack-plugin/host/internal';
import { CONTEXT_LAYOUT, type FullPluginContext } from '@stack-plugin/pdk';
import type { CapabilityCallRecord } from './harness-records.js';

/** One plugin instance as the harness sees it at the executor seam. */
export interface LoadedPlugin {
  readonly request: ExecutorLoadRequest;
  readonly instance: PluginInstance;
  /** The host's broker for this plugin, recorded like the plugin's own calls. */
  readonly capabilities: CapabilityHandler;
  /** The host's broker for this plugin, unrecorded (audit records still appear). */
  readonly broker: CapabilityHandler;
}

/** What the harness executor reports to its test host. */
export interface HarnessExecutorHooks {
  /** Called for every capability call once it settled. */
  record(call: Omit<CapabilityCallRecord, 'seq'>): void;
  /** Called after each successful load. */
  loaded(plugin: LoadedPlugin): void;
  /** Lets the test host rewrite a capability error before the plugin sees it. */
  rewriteError?(plugin: string, call: CapabilityCall, error: unknown): unknown;
}

/**
 * Wraps one of the host's own executors without changing how it runs plugins: it records
 * every capability call at the seam (plugin name, call and outcome) and hands the harness the
 * broker of each loaded plugin. The host, its broker and the executor stay the real ones.
 */
export function createHarnessExecutor(
  inner: PluginExecutor,
  hooks: HarnessExecutorHooks,
): PluginExecutor {
  return {
    isolation: inner.isolation,
    async load(request) {
      const plugin = request.plugin.name;
      const capabilities: CapabilityHandler = async (call) => {
        const args = call.args.map((a) => (a instanceof Uint8Array ? new Uint8Array(a) : a));
        try {
          const result = await request.capabilities(call);
          hooks.record({
            plugin,
            capability: call.capability,
            method: call.method,
            args,
            ok: true,
            result,
          });
          return result;
        } catch (caught) {
          const error = hooks.rewriteError?.(plugin, call, caught) ?? caught;
          hooks.record({
            plugin,
            capability: call.capability,
            method: call.method,
            args,
            ok: false,
            error,
          });
          throw error;
        }
      };
      const instance = await inner.load({ ...request, capabilities });
      hooks.loaded({ request, instance, capabilities, broker: request.capabilities });
      return instance;
    },
  };
}

/**
 * A `ctx` whose capability calls are made as a loaded plugin, through the host's broker for it
 * (recorded like the plugin's own calls). Registering handlers through it changes nothing.
 */
export function contextAs(loaded: LoadedPlugin): FullPluginContext {
  const runtime = new PluginRuntime(
    { activate() {} },
    {
      plugin: { name: loaded.request.plugin.name, version: loaded.request.plugin.version },
      config: loaded.request.config,
      layout: CONTEXT_LAYOUT,
      send: (capability, method, args) => loaded.capabilities({ capability, method, args }),
    },
  );
  return runtime.context;
}
