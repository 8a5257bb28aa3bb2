/**
 * Environment variables from a fixed map (default: a snapshot of `process.env`). The broker
 * only asks for names a plugin declared (`env:<NAME>`); lookups use own keys only, so names
 * like `__proto__` or `toString` are simply unset.
 */
export function createNodeEnvService(env = { ...process.env }) {
    const snapshot = { ...env };
    return {
        get: (name) => (Object.hasOwn(snapshot, name) ? snapshot[name] : undefined),
    };
}
//# sourceMappingURL=node-env-service.js.map