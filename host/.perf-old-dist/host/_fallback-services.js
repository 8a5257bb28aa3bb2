import { createError } from '@stack-plugin/pdk';
/**
 * Services used when the caller injects none: the environment, a real clock, a logger that
 * writes warnings and errors to stderr, and in-memory state. fs, net, exec and secrets refuse
 * every call until real adapters are configured, so nothing is silently done half-way.
 */
export function createFallbackServices(env) {
    const unavailable = (service) => () => Promise.reject(createError('INTERNAL', { detail: `no ${service} service is configured in this host` }));
    const stores = new Map();
    const store = (scope) => {
        let map = stores.get(scope);
        if (map === undefined) {
            map = new Map();
            stores.set(scope, map);
        }
        return map;
    };
    return {
        fs: {
            realpath: unavailable('fs'),
            readFile: unavailable('fs'),
            writeFile: unavailable('fs'),
            readdir: unavailable('fs'),
            stat: unavailable('fs'),
            exists: unavailable('fs'),
            mkdir: unavailable('fs'),
            rm: unavailable('fs'),
        },
        net: { fetch: unavailable('net') },
        exec: { run: unavailable('exec') },
        env: { get: (name) => env[name] },
        secrets: { get: async (name) => env[name] },
        state: {
            get: async (scope, key) => structuredClone(store(scope).get(key)),
            set: async (scope, key, value) => {
                store(scope).set(key, structuredClone(value));
            },
            delete: async (scope, key) => {
                store(scope).delete(key);
            },
            keys: async (scope) => [...store(scope).keys()],
        },
        clock: {
            now: () => Date.now(),
            setTimeout: (callback, ms) => setTimeout(callback, ms),
            clearTimeout: (handle) => clearTimeout(handle),
        },
        logger: {
            write(record) {
                if (record.level === 'warn' || record.level === 'error') {
                    process.stderr.write(`${JSON.stringify(record)}\n`);
                }
            },
        },
    };
}
//# sourceMappingURL=_fallback-services.js.map