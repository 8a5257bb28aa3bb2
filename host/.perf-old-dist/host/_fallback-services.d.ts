import type { HostServices } from '../services/host-services.js';
/**
 * Services used when the caller injects none: the environment, a real clock, a logger that
 * writes warnings and errors to stderr, and in-memory state. fs, net, exec and secrets refuse
 * every call until real adapters are configured, so nothing is silently done half-way.
 */
export declare function createFallbackServices(env: Readonly<Record<string, string | undefined>>): HostServices;
//# sourceMappingURL=_fallback-services.d.ts.map