const RANK = { none: 0, limited: 1, strict: 2 };
const LEVELS = ['none', 'limited', 'strict'];
/**
 * The isolation a plugin runs at: the strongest of what its manifest asks for (the least it
 * accepts), what the host config asks for, and the policy's minimum. Neither the config nor
 * the policy can lower a plugin below its manifest's level; an unknown level counts as
 * `strict`, so a typo fails safe.
 */
export function resolveIsolation(manifestLevel, configLevel, policy = {}) {
    const rank = (level) => level === undefined ? 0 : (RANK[level] ?? RANK.strict);
    const best = Math.max(rank(manifestLevel), rank(configLevel), rank(policy.minIsolation));
    return LEVELS[best] ?? 'strict';
}
/** Limits used when a manifest names none. */
export const DEFAULT_LIMITS = Object.freeze({ timeoutMs: 30_000, memoryMb: 256 });
/** Below these a sandbox cannot do anything useful; they also stop a 0 or negative value. */
const FLOOR = Object.freeze({ timeoutMs: 10, memoryMb: 8 });
/**
 * The limits a plugin runs with: its manifest's (or the defaults), capped by the host policy,
 * raised to a small floor, whole numbers. A policy cap always wins over the manifest.
 */
export function resolveLimits(manifestLimits, policy = {}, defaults = DEFAULT_LIMITS) {
    const pick = (key, cap) => {
        const asked = manifestLimits?.[key];
        const wanted = typeof asked === 'number' && Number.isFinite(asked) ? asked : defaults[key];
        const capped = typeof cap === 'number' && Number.isFinite(cap) ? Math.min(wanted, cap) : wanted;
        return Math.max(FLOOR[key], Math.floor(capped));
    };
    return {
        timeoutMs: pick('timeoutMs', policy.maxTimeoutMs),
        memoryMb: pick('memoryMb', policy.maxMemoryMb),
    };
}
//# sourceMappingURL=resolve-isolation.js.map