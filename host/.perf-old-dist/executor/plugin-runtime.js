// A strict sandbox may read only its runtime files, so this module imports no pdk values and
// cannot use the pdk's CALLABLE_KINDS; the Record type makes the compiler hold these keys equal
// to it (a kind missing or extra here is a type error).
const HANDLER_KINDS = Object.keys({
    commands: true,
    steps: true,
    transformers: true,
    validators: true,
    formatters: true,
    hooks: true,
    skills: true,
});
/**
 * The plugin side of every executor: builds `ctx` over a capability channel, keeps the
 * handlers and listeners the plugin registers, and runs them when the host asks. The same
 * code runs in the host process, in a worker and in a child process, which is what makes a
 * plugin behave alike at every isolation level.
 */
export class PluginRuntime {
    #definition;
    #send;
    #handlers = new Map();
    #listeners = new Map();
    #lifetime = new AbortController();
    #ctx;
    #nextListener = 0;
    constructor(definition, options) {
        this.#definition = definition;
        this.#send = options.send;
        this.#ctx = this.#buildContext(options);
    }
    /** The context handed to the plugin. */
    get context() {
        return this.#ctx;
    }
    /** Runs `activate(ctx)`. */
    async activate() {
        await this.#definition.activate(this.#ctx);
    }
    /** Aborts `ctx.signal`, then runs `deactivate(ctx)` if the plugin has one. */
    async deactivate() {
        this.#lifetime.abort(new Error('plugin deactivated'));
        await this.#definition.deactivate?.(this.#ctx);
    }
    /** Runs a registered handler. */
    async invoke(kind, id, input, call) {
        const handler = this.#handlers.get(`${kind}:${id}`);
        if (handler === undefined) {
            throw new Error(`no handler registered for ${kind} "${id}"`);
        }
        return handler(input, { caller: call.caller, signal: call.signal });
    }
    /** Delivers an event to a listener; unknown ids are ignored (the listener was removed). */
    async deliver(listenerId, event) {
        const listener = this.#listeners.get(listenerId);
        if (listener !== undefined)
            await listener(event);
    }
    #buildContext(options) {
        const send = this.#send;
        const call = (capability, method) => (...args) => send(capability, method, args);
        const stateStore = (capability) => ({
            get: call(capability, 'get'),
            set: call(capability, 'set'),
            delete: call(capability, 'delete'),
            keys: call(capability, 'keys'),
        });
        const registry = (kind) => ({
            register: async (id, handler) => {
                if (typeof handler !== 'function')
                    throw new TypeError(`${kind} "${id}": handler must be a function`);
                await send('contributions', 'register', [kind, id]);
                this.#handlers.set(`${kind}:${id}`, handler);
                return once(async () => {
                    this.#handlers.delete(`${kind}:${id}`);
                    await send('contributions', 'unregister', [kind, id]);
                });
            },
        });
        const log = (level) => (message, data) => {
            // Logging is fire-and-forget for the plugin; a failed write must not fail its caller.
            send('log', 'write', [level, String(message), data]).catch(() => { });
        };
        const contributions = Object.fromEntries(HANDLER_KINDS.map((kind) => [kind, registry(kind)]));
        const ctx = {
            plugin: Object.freeze({ name: options.plugin.name, version: options.plugin.version }),
            config: deepFreeze(structuredClone(options.config)),
            signal: this.#lifetime.signal,
            log: Object.freeze({
                debug: log('debug'),
                info: log('info'),
                warn: log('warn'),
                error: log('error'),
            }),
            ...contributions,
            commands: {
                ...contributions.commands,
                execute: (id, input) => send('commands', 'execute', [id, input]),
            },
            fs: {
                readFile: call('fs', 'readFile'),
                readBytes: call('fs', 'readBytes'),
                readdir: call('fs', 'readdir'),
                stat: call('fs', 'stat'),
                exists: call('fs', 'exists'),
                writeFile: call('fs', 'writeFile'),
                mkdir: call('fs', 'mkdir'),
                rm: call('fs', 'rm'),
            },
            net: { fetch: call('net', 'fetch') },
            env: { get: call('env', 'get') },
            secrets: { get: call('secrets', 'get') },
            exec: (command, args = [], execOptions = {}) => send('exec', 'run', [command, [...args], execOptions]),
            events: {
                emit: (topic, payload) => send('events', 'emit', [topic, payload]),
                on: async (pattern, listener) => {
                    if (typeof listener !== 'function')
                        throw new TypeError('listener must be a function');
                    const listenerId = `l${this.#nextListener++}`;
                    await send('events', 'on', [pattern, listenerId]);
                    this.#listeners.set(listenerId, listener);
                    return once(async () => {
                        this.#listeners.delete(listenerId);
                        await send('events', 'off', [listenerId]);
                    });
                },
            },
            state: { ...stateStore('state'), shared: stateStore('sharedState') },
        };
        return deepFreeze(ctx);
    }
}
function once(fn) {
    let done;
    return () => {
        done ??= fn();
        return done;
    };
}
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const key of Reflect.ownKeys(value)) {
            const child = value[key];
            // AbortSignal is a host object whose internal state must stay mutable.
            if (!(child instanceof AbortSignal))
                deepFreeze(child);
        }
    }
    return value;
}
//# sourceMappingURL=plugin-runtime.js.map