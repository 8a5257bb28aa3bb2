import { loadPluginBundle } from './plugin-bundle.js';
import { DEFAULT_RPC_LIMITS } from './rpc-guard.js';
import { SandboxConnection } from './sandbox-connection.js';
import { DEFAULT_SUPERVISION, SupervisedPlugin, } from './supervisor.js';
/** Builds an executor over one kind of sandbox. */
export function createSandboxExecutor(isolation, spawn, options = {}) {
    const rpc = { ...DEFAULT_RPC_LIMITS, ...options.rpc };
    const policy = { ...DEFAULT_SUPERVISION, ...options.supervision };
    const prewarm = options.prewarm ?? 1;
    const spares = new Map();
    const instances = new Set();
    let closed = false;
    const spareOf = (name, memoryMb) => {
        const booting = spawn({ name, memoryMb });
        booting.then((t) => t.ref(false), () => { });
        return booting;
    };
    const take = async (name, memoryMb) => {
        const pool = spares.get(memoryMb) ?? [];
        spares.set(memoryMb, pool);
        const spare = pool.shift();
        while (!closed && pool.length < prewarm)
            pool.push(spareOf('spare', memoryMb));
        const transport = (spare === undefined ? undefined : await spare.catch(() => undefined)) ??
            (await spawn({ name, memoryMb }));
        transport.ref(true);
        return transport;
    };
    return {
        isolation,
        async load(request) {
            if (closed)
                throw new Error(`the ${isolation} executor is closed`);
            const script = await loadPluginBundle(request.plugin.entry);
            const { plugin, limits, capabilities, config } = request;
            const instance = await SupervisedPlugin.create({
                name: plugin.name,
                policy,
                capabilities,
                timeoutMs: limits.timeoutMs,
                start: async (onEnd) => {
                    const connection = new SandboxConnection(await take(plugin.name, limits.memoryMb), {
                        plugin: { name: plugin.name, version: plugin.version },
                        capabilities,
                        limits,
                        rpc,
                        hangGraceMs: options.hangGraceMs ?? 1_000,
                        memoryPollMs: options.memoryPollMs ?? 100,
                        onEnd,
                    });
                    try {
                        await connection.init(script, config);
                    }
                    catch (error) {
                        await connection.dispose();
                        throw error;
                    }
                    return connection;
                },
            });
            if (options.onStatusChange !== undefined)
                instance.onStatusChange(options.onStatusChange);
            instances.add(instance);
            instance.onStatusChange((change) => {
                if (change.to === 'disposed')
                    instances.delete(instance);
            });
            return instance;
        },
        async close() {
            closed = true;
            const pending = [...spares.values()].flat();
            spares.clear();
            await Promise.all([
                ...[...instances].map((i) => i.dispose()),
                ...pending.map((p) => p.then((t) => t.kill(), () => { })),
            ]);
        },
    };
}
//# sourceMappingURL=sandbox-executor.js.map