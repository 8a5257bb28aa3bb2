import type { EnvService } from '../host-services.js';
/**
 * Environment variables from a fixed map (default: a snapshot of `process.env`). The broker
 * only asks for names a plugin declared (`env:<NAME>`); lookups use own keys only, so names
 * like `__proto__` or `toString` are simply unset.
 */
export declare function createNodeEnvService(env?: Record<string, string | undefined>): EnvService;
//# sourceMappingURL=node-env-service.d.ts.map