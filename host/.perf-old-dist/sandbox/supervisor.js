import { createError } from '@stack-plugin/pdk';
/** Defaults for {@link SupervisionPolicy}. */
export const DEFAULT_SUPERVISION = Object.freeze({
    restart: true,
    maxCrashes: 3,
    windowMs: 60_000,
    backoffMs: 100,
    maxBackoffMs: 10_000,
});
/**
 * A {@link PluginInstance} over a sandbox that it restarts when it crashes, hangs or runs out
 * of memory. The first failure rejects the calls in flight (PLUGIN_CRASHED or PLUGIN_TIMEOUT),
 * releases what the plugin had registered with the host, and marks it failed; if it had been
 * activated it is restarted (and re-activated) after an exponential backoff, and quarantined
 * once it crashes `maxCrashes` times within `windowMs`.
 */
export class SupervisedPlugin {
    #name;
    #start;
    #policy;
    #capabilities;
    #timeoutMs;
    #listeners = new Set();
    #connection;
    #status = 'running';
    #activation;
    #crashes = [];
    #lastError;
    #restartTimer;
    constructor(name, start, policy, capabilities, timeoutMs) {
        this.#name = name;
        this.#start = start;
        this.#policy = policy;
        this.#capabilities = capabilities;
        this.#timeoutMs = timeoutMs;
    }
    /** Starts the first incarnation; rejects if the plugin cannot even be loaded. */
    static async create(options) {
        const plugin = new SupervisedPlugin(options.name, options.start, options.policy, options.capabilities, options.timeoutMs);
        plugin.#connection = await options.start((end) => plugin.#ended(plugin.#connection, end));
        return plugin;
    }
    status() {
        return this.#status;
    }
    onStatusChange(listener) {
        this.#listeners.add(listener);
        return () => void this.#listeners.delete(listener);
    }
    async activate(options) {
        const connection = this.#live();
        await connection.call('activate', [], { ...options, phase: 'activate' });
        this.#activation = { caller: options.caller, timeoutMs: options.timeoutMs };
    }
    async deactivate(options) {
        this.#activation = undefined;
        if (this.#status !== 'running')
            return;
        await this.#live().call('deactivate', [], { ...options, phase: 'deactivate' });
    }
    async invoke(kind, id, input, options) {
        return this.#live().call('invoke', [kind, id, input, options.caller], {
            ...options,
            phase: `${kind} "${id}"`,
        });
    }
    async deliver(listenerId, event) {
        await this.#live().call('deliver', [listenerId, event], {
            timeoutMs: this.#timeoutMs,
            phase: 'an event listener',
        });
    }
    async dispose() {
        if (this.#status === 'disposed')
            return;
        clearTimeout(this.#restartTimer);
        this.#set('disposed');
        await this.#connection?.dispose();
    }
    #live() {
        if (this.#status === 'running' && this.#connection !== undefined)
            return this.#connection;
        if (this.#status === 'quarantined') {
            throw createError('PLUGIN_QUARANTINED', { crashes: this.#crashes.length, windowMs: this.#policy.windowMs }, { plugin: this.#name });
        }
        throw (this.#lastError ??
            createError('PLUGIN_CRASHED', { detail: `it is ${this.#status}` }, { plugin: this.#name }));
    }
    #set(to, error, end) {
        const from = this.#status;
        this.#status = to;
        const change = {
            plugin: this.#name,
            from,
            to,
            ...(error === undefined ? {} : { error }),
            ...(end === undefined ? {} : { end }),
        };
        for (const listener of this.#listeners) {
            try {
                listener(change);
            }
            catch {
                // A failing observer must not stop supervision.
            }
        }
    }
    #ended(connection, end) {
        if (connection !== this.#connection || this.#status === 'disposed' || end.kind === 'disposed')
            return;
        void this.#release(connection);
        const now = Date.now();
        this.#crashes = [...this.#crashes.filter((t) => now - t < this.#policy.windowMs), now];
        this.#lastError = createError(end.kind === 'hang' ? 'PLUGIN_TIMEOUT' : 'PLUGIN_CRASHED', end.kind === 'hang'
            ? { phase: 'a call (it stopped responding)', timeoutMs: this.#timeoutMs }
            : { detail: `${end.kind}: ${end.detail}` }, { plugin: this.#name });
        this.#set('failed', this.#lastError, end);
        if (!this.#policy.restart || this.#activation === undefined)
            return;
        if (this.#crashes.length >= this.#policy.maxCrashes) {
            const error = createError('PLUGIN_QUARANTINED', { crashes: this.#crashes.length, windowMs: this.#policy.windowMs }, { plugin: this.#name, cause: this.#lastError });
            this.#set('quarantined', error, end);
            return;
        }
        const delay = Math.min(this.#policy.maxBackoffMs, this.#policy.backoffMs * 2 ** (this.#crashes.length - 1));
        this.#set('restarting', this.#lastError, end);
        this.#restartTimer = setTimeout(() => void this.#restart(), delay);
    }
    async #restart() {
        const activation = this.#activation;
        if (this.#status !== 'restarting' || activation === undefined)
            return;
        let next;
        try {
            next = await this.#start((end) => this.#ended(next, end));
        }
        catch (error) {
            this.#restartFailed(error);
            return;
        }
        if (this.#status !== 'restarting') {
            await next.dispose();
            return;
        }
        this.#connection = next;
        try {
            await next.call('activate', [], { ...activation, phase: 'activate (restart)' });
            if (this.#connection === next && !next.ended)
                this.#set('running');
        }
        catch (error) {
            // A sandbox that died during activation was already handled by #ended.
            if (next.ended)
                return;
            await next.dispose();
            this.#restartFailed(error);
        }
    }
    /** A restart that fails counts as one more crash of the same plugin. */
    #restartFailed(error) {
        const detail = `restart failed: ${String(error?.message ?? error)}`;
        this.#ended(this.#connection, { kind: 'crash', detail });
    }
    /** Releases what the crashed incarnation registered, so the restart can register it anew. */
    async #release(connection) {
        for (const call of connection?.registrations() ?? []) {
            await this.#capabilities(call).catch(() => { });
        }
    }
}
//# sourceMappingURL=supervisor.js.map