import type { IsolationLevel } from '../executor/plugin-executor.js';
/** The parts of a host policy that decide isolation and limits. */
export interface IsolationPolicy {
    /** Raise every plugin to at least this level. */
    readonly minIsolation?: IsolationLevel;
    /** Cap on any plugin's `limits.timeoutMs`. */
    readonly maxTimeoutMs?: number;
    /** Cap on any plugin's `limits.memoryMb`. */
    readonly maxMemoryMb?: number;
}
/**
 * The isolation a plugin runs at: the strongest of what its manifest asks for (the least it
 * accepts), what the host config asks for, and the policy's minimum. Neither the config nor
 * the policy can lower a plugin below its manifest's level; an unknown level counts as
 * `strict`, so a typo fails safe.
 */
export declare function resolveIsolation(manifestLevel: IsolationLevel | undefined, configLevel?: IsolationLevel, policy?: IsolationPolicy): IsolationLevel;
/** Limits a plugin runs with. */
export interface ResolvedLimits {
    readonly timeoutMs: number;
    readonly memoryMb: number;
}
/** Limits used when a manifest names none. */
export declare const DEFAULT_LIMITS: ResolvedLimits;
/**
 * The limits a plugin runs with: its manifest's (or the defaults), capped by the host policy,
 * raised to a small floor, whole numbers. A policy cap always wins over the manifest.
 */
export declare function resolveLimits(manifestLimits: {
    readonly timeoutMs?: number;
    readonly memoryMb?: number;
} | undefined, policy?: IsolationPolicy, defaults?: ResolvedLimits): ResolvedLimits;
//# sourceMappingURL=resolve-isolation.d.ts.map