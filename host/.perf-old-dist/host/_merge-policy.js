const RANK = { none: 0, limited: 1, strict: 2 };
/**
 * Combines the policy given to `createHost` with the one in stack.config.json: the stricter
 * value of each field wins (higher minimum isolation, lower caps), so a config file can never
 * loosen what the embedding application decided.
 */
export function mergePolicy(a, b) {
    if (b === undefined)
        return a;
    const min = (x, y) => x === undefined ? y : y === undefined ? x : Math.min(x, y);
    const levels = [a.minIsolation, b.minIsolation].filter((x) => x !== undefined);
    const minIsolation = levels.sort((x, y) => RANK[y] - RANK[x])[0];
    const maxTimeoutMs = min(a.maxTimeoutMs, b.maxTimeoutMs);
    const maxMemoryMb = min(a.maxMemoryMb, b.maxMemoryMb);
    return {
        ...b,
        ...a,
        ...(minIsolation === undefined ? {} : { minIsolation }),
        ...(maxTimeoutMs === undefined ? {} : { maxTimeoutMs }),
        ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }),
    };
}
//# sourceMappingURL=_merge-policy.js.map