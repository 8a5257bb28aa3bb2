import { pathToFileURL } from 'node:url';
import { createError, isPluginDefinition } from '@stack-plugin/pdk';
import { withTimeout } from '../_internal/with-timeout.js';
import { PluginRuntime } from './plugin-runtime.js';
let loads = 0;
// Distinguishes this module instance's loads from another's in a shared module cache (test
// runners may re-evaluate this file while keeping the cache of the modules it imported).
const token = Math.random().toString(36).slice(2, 8);
/**
 * The executor for isolation `none`: the plugin's module is imported into the host process and
 * driven through {@link PluginRuntime}, exactly as the sandboxed executors drive it on their
 * side of the boundary. Per-call deadlines are enforced, but plugin code that blocks the event
 * loop cannot be interrupted here: `none` is for first-party code only.
 */
export function createInProcessExecutor(options = {}) {
    const importModule = options.importModule ?? ((url) => import(url));
    return {
        isolation: 'none',
        async load(request) {
            // Every load gets a fresh module instance (a query string defeats the ESM cache), so a
            // re-enabled or reloaded plugin starts from clean module state, as it would in a worker.
            loads += 1;
            const url = `${pathToFileURL(request.plugin.entry).href}?stack-plugin-load=${token}-${loads}`;
            const module = (await importModule(url));
            const definition = module.default;
            if (!isPluginDefinition(definition)) {
                throw createError('PLUGIN_ACTIVATION_FAILED', {
                    phase: 'load',
                    detail: `the default export of ${request.plugin.entry} is not a plugin definition (an object with an activate function)`,
                }, { plugin: request.plugin.name });
            }
            const runtime = new PluginRuntime(definition, {
                plugin: { name: request.plugin.name, version: request.plugin.version },
                config: request.config,
                send: (capability, method, args) => request.capabilities({ capability, method, args }),
            });
            return new InProcessInstance(request.plugin.name, runtime, request.clock);
        },
    };
}
class InProcessInstance {
    #plugin;
    #runtime;
    #clock;
    constructor(plugin, runtime, clock) {
        this.#plugin = plugin;
        this.#runtime = runtime;
        this.#clock = clock;
    }
    #live() {
        if (this.#runtime === undefined) {
            throw createError('PLUGIN_CRASHED', { detail: 'its instance was disposed' }, {
                plugin: this.#plugin,
            });
        }
        return this.#runtime;
    }
    #deadline(phase, options, run) {
        return withTimeout(run, {
            timeoutMs: options.timeoutMs,
            signal: options.signal,
            clock: this.#clock,
            onTimeout: () => createError('PLUGIN_TIMEOUT', { phase, timeoutMs: options.timeoutMs }, {
                plugin: this.#plugin,
            }),
        });
    }
    activate(options) {
        const runtime = this.#live();
        return this.#deadline('activate', options, () => runtime.activate());
    }
    deactivate(options) {
        const runtime = this.#live();
        return this.#deadline('deactivate', options, () => runtime.deactivate());
    }
    invoke(kind, id, input, options) {
        const runtime = this.#live();
        // Kinds are plural (`commands`); messages read better singular (`command "x"`).
        return this.#deadline(`${kind.slice(0, -1)} "${id}"`, options, (signal) => runtime.invoke(kind, id, input, { caller: options.caller, signal }));
    }
    async deliver(listenerId, event) {
        await this.#live().deliver(listenerId, event);
    }
    async dispose() {
        this.#runtime = undefined;
    }
}
//# sourceMappingURL=in-process-executor.js.map