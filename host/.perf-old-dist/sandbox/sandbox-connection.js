import { createError } from '@stack-plugin/pdk';
import { toWireError } from './_protocol.js';
import { checkSandboxMessage, inspectPayload, TokenBucket } from './rpc-guard.js';
/**
 * The host side of one sandbox incarnation: sends calls with a timeout each, answers the
 * plugin's capability calls after validating them (shape, payload, rate), detects hangs and
 * memory overruns, and rejects everything in flight when the sandbox ends.
 */
export class SandboxConnection {
    #transport;
    #options;
    #pending = new Map();
    #pings = new Map();
    #bucket;
    #registrations = new Map();
    #nextId = 0;
    #capsInFlight = 0;
    #ending;
    #ended = false;
    #watchdog;
    constructor(transport, options) {
        this.#transport = transport;
        this.#options = options;
        this.#bucket = new TokenBucket(options.rpc.callsPerSecond, options.rpc.burst);
        transport.onMessage((raw) => this.#receive(raw));
        transport.onExit((exit) => this.#exited(exit));
        transport.onOutput((stream, line) => {
            this.#capability('log', 'write', [
                stream === 'stderr' ? 'warn' : 'info',
                line,
                { stream },
            ]).catch(() => { });
        });
        if (options.memoryPollMs > 0) {
            this.#watchdog = setInterval(() => void this.#checkMemory(), options.memoryPollMs);
            this.#watchdog.unref();
        }
    }
    /** Whether the sandbox is gone. */
    get ended() {
        return this.#ended;
    }
    /** Capability registrations the plugin holds (contributions and event listeners). */
    registrations() {
        return [...this.#registrations.values()];
    }
    /** Sends the plugin's code; resolves once it is evaluated and its `ctx` built. */
    init(script, config) {
        return this.#request(-1, { phase: 'load', timeoutMs: this.#options.limits.timeoutMs }, () => this.#transport.send({
            t: 'init',
            plugin: this.#options.plugin,
            config,
            script,
            callTimeoutMs: this.#options.limits.timeoutMs,
        }));
    }
    /** Runs one operation in the sandbox. */
    call(op, args, options) {
        const id = this.#nextId++;
        return this.#request(id, options, () => this.#transport.send({ t: 'call', id, op, args }));
    }
    /** Stops the sandbox. */
    async dispose() {
        await this.#end({ kind: 'disposed', detail: 'disposed by the host' });
    }
    #request(id, options, send) {
        if (this.#ended)
            return Promise.reject(this.#crashError(this.#ending));
        return new Promise((resolve, reject) => {
            const { signal } = options;
            const cleanup = () => {
                clearTimeout(timer);
                signal?.removeEventListener('abort', onAbort);
                this.#pending.delete(id);
            };
            const onAbort = () => {
                cleanup();
                this.#trySend({ t: 'abort', id });
                reject(signal?.reason);
            };
            const timer = setTimeout(() => {
                cleanup();
                reject(createError('PLUGIN_TIMEOUT', { phase: options.phase, timeoutMs: options.timeoutMs }, { plugin: this.#options.plugin.name }));
                this.#trySend({ t: 'abort', id });
                void this.#checkAlive();
            }, options.timeoutMs);
            timer.unref?.();
            if (signal?.aborted)
                return onAbort();
            signal?.addEventListener('abort', onAbort, { once: true });
            this.#pending.set(id, {
                resolve: (v) => {
                    cleanup();
                    resolve(v);
                },
                reject: (e) => {
                    cleanup();
                    reject(e);
                },
            });
            try {
                send(id);
            }
            catch (error) {
                this.#pending.get(id)?.reject(error);
            }
        });
    }
    /** A timed-out call may be slow or the sandbox may be stuck in a loop: ask it. */
    async #checkAlive() {
        if (this.#ended)
            return;
        const id = this.#nextId++;
        const answered = await new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), this.#options.hangGraceMs);
            this.#pings.set(id, () => {
                clearTimeout(timer);
                resolve(true);
            });
            this.#trySend({ t: 'ping', id });
        });
        this.#pings.delete(id);
        if (!answered) {
            await this.#end({
                kind: 'hang',
                detail: `it did not answer within ${this.#options.hangGraceMs} ms after a call timed out (stuck in a loop?)`,
            });
        }
    }
    async #checkMemory() {
        const bytes = await this.#transport.memoryBytes().catch(() => undefined);
        const limit = this.#options.limits.memoryMb * 1024 * 1024;
        if (bytes !== undefined && bytes > limit) {
            await this.#end({
                kind: 'out-of-memory',
                detail: `it used ${Math.round(bytes / 1048576)} MB, over its ${this.#options.limits.memoryMb} MB limit`,
            });
        }
    }
    #trySend(message) {
        try {
            this.#transport.send(message);
        }
        catch {
            // The sandbox is gone; its exit handler settles everything in flight.
        }
    }
    #receive(raw) {
        if (this.#ended)
            return;
        const checked = checkSandboxMessage(raw);
        if (!checked.ok) {
            void this.#end({
                kind: 'protocol',
                detail: `it sent an invalid message (${checked.reason})`,
            });
            return;
        }
        const message = checked.message;
        switch (message.t) {
            case 'booted':
                return;
            case 'ready':
                this.#pending.get(-1)?.resolve(undefined);
                return;
            case 'fatal':
                this.#pending
                    .get(-1)
                    ?.reject(createError('PLUGIN_ACTIVATION_FAILED', { phase: 'load', detail: String(message.error.message).slice(0, 2_000) }, { plugin: this.#options.plugin.name, cause: this.#fromWire(message.error) }));
                return;
            case 'pong':
                this.#pings.get(message.id)?.();
                return;
            case 'result': {
                const pending = this.#pending.get(message.id);
                if (pending === undefined)
                    return;
                const problem = inspectPayload(message.ok ? message.value : message.error, this.#options.rpc);
                if (problem !== undefined)
                    pending.reject(this.#rejected(`result ${problem}`));
                else if (message.ok)
                    pending.resolve(message.value);
                else
                    pending.reject(this.#fromWire(message.error));
                return;
            }
            case 'cap':
                void this.#answer(message.id, message.capability, message.method, message.args);
                return;
        }
    }
    async #answer(id, capability, method, args) {
        let reply;
        try {
            reply = { ok: true, value: await this.#guardedCapability(capability, method, args) };
        }
        catch (error) {
            reply = { ok: false, error: toWireError(error) };
        }
        if (this.#ended)
            return;
        try {
            this.#transport.send({ t: 'capResult', id, ...reply });
        }
        catch (error) {
            this.#trySend({ t: 'capResult', id, ok: false, error: toWireError(error) });
        }
    }
    async #guardedCapability(capability, method, args) {
        const { rpc } = this.#options;
        const plugin = this.#options.plugin.name;
        if (!this.#bucket.take()) {
            throw createError('PLUGIN_RATE_LIMITED', { detail: `${rpc.callsPerSecond} calls/s, burst ${rpc.burst}` }, { plugin });
        }
        if (this.#capsInFlight >= rpc.maxInFlight) {
            throw createError('PLUGIN_RATE_LIMITED', { detail: `${rpc.maxInFlight} calls in flight` }, { plugin });
        }
        const problem = inspectPayload(args, rpc);
        if (problem !== undefined)
            throw this.#rejected(`arguments of ${capability}.${method}: ${problem}`);
        this.#capsInFlight++;
        try {
            const value = await this.#capability(capability, method, args);
            this.#track(capability, method, args);
            return value;
        }
        finally {
            this.#capsInFlight--;
        }
    }
    #capability(capability, method, args) {
        const { timeoutMs } = this.#options.limits;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(createError('CAPABILITY_TIMEOUT', { call: `${capability}.${method}`, timeoutMs }, { plugin: this.#options.plugin.name })), timeoutMs);
            timer.unref?.();
            Promise.resolve()
                .then(() => this.#options.capabilities({ capability, method, args }))
                .then(resolve, reject)
                .finally(() => clearTimeout(timer));
        });
    }
    /** Remembers what the plugin registered so a crash can release it (see the supervisor). */
    #track(capability, method, args) {
        if (capability === 'contributions') {
            const key = `c:${String(args[0])}:${String(args[1])}`;
            if (method === 'register') {
                this.#registrations.set(key, {
                    capability,
                    method: 'unregister',
                    args: [args[0], args[1]],
                });
            }
            else
                this.#registrations.delete(key);
        }
        else if (capability === 'events' && method !== 'emit') {
            const listenerId = method === 'on' ? args[1] : args[0];
            const key = `e:${String(listenerId)}`;
            if (method === 'on')
                this.#registrations.set(key, { capability, method: 'off', args: [listenerId] });
            else
                this.#registrations.delete(key);
        }
    }
    async #end(end) {
        if (this.#ending === undefined)
            this.#ending = end;
        await this.#transport.kill();
    }
    #exited(exit) {
        if (this.#ended)
            return;
        this.#ended = true;
        if (this.#watchdog !== undefined)
            clearInterval(this.#watchdog);
        const end = this.#ending ?? {
            kind: exit.outOfMemory ? 'out-of-memory' : 'crash',
            detail: describeExit(exit),
            exit,
        };
        this.#ending = { ...end, exit };
        const error = this.#crashError(this.#ending);
        for (const pending of [...this.#pending.values()])
            pending.reject(error);
        for (const pong of this.#pings.values())
            pong();
        this.#options.onEnd(this.#ending);
    }
    #crashError(end) {
        const plugin = this.#options.plugin.name;
        if (end?.kind === 'hang') {
            return createError('PLUGIN_TIMEOUT', { phase: 'the call', timeoutMs: this.#options.limits.timeoutMs }, { plugin });
        }
        return createError('PLUGIN_CRASHED', { detail: end === undefined ? 'the sandbox is gone' : `${end.kind}: ${end.detail}` }, { plugin, cause: end?.exit?.error });
    }
    #rejected(detail) {
        return createError('PLUGIN_MESSAGE_REJECTED', { detail }, { plugin: this.#options.plugin.name });
    }
    #fromWire(wire) {
        const error = new Error(String(wire.message));
        error.name = String(wire.name);
        if (typeof wire.stack === 'string')
            error.stack = wire.stack;
        if (typeof wire.code === 'string')
            error.code = wire.code;
        if (typeof wire.hint === 'string')
            error.hint = wire.hint;
        return error;
    }
}
function describeExit(exit) {
    if (exit.outOfMemory)
        return 'its JS heap limit was reached';
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
    // Stack frames say little in a crash report; the lines around them name the error.
    const lines = exit.stderrTail.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
    const why = exit.error?.message ?? lines.slice(-2).join(' | ');
    return why ? `${how}: ${why.slice(0, 1_000)}` : how;
}
//# sourceMappingURL=sandbox-connection.js.map