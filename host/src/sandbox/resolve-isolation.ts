import { type IsolationLevel, strongestIsolation } from '@stack-plugin/pdk';

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
export function resolveIsolation(
  manifestLevel: IsolationLevel | undefined,
  configLevel?: IsolationLevel,
  policy: IsolationPolicy = {},
): IsolationLevel {
  return strongestIsolation(manifestLevel, configLevel, policy.minIsolation);
}

/** Limits a plugin runs with. */
export interface ResolvedLimits {
  readonly timeoutMs: number;
  readonly memoryMb: number;
}

/** Limits used when a manifest names none. */
export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({ timeoutMs: 30_000, memoryMb: 256 });

/** Below these a sandbox cannot do anything useful; they also stop a 0 or negative value. */
const FLOOR: ResolvedLimits = Object.freeze({ timeoutMs: 10, memoryMb: 8 });

/**
 * The limits a plugin runs with: its manifest's (or the defaults), capped by the host policy,
 * raised to a small floor, whole numbers. A policy cap always wins over the manifest.
 */
export function resolveLimits(
  manifestLimits: { readonly timeoutMs?: number; readonly memoryMb?: number } | undefined,
  policy: IsolationPolicy = {},
  defaults: ResolvedLimits = DEFAULT_LIMITS,
): ResolvedLimits {
  const pick = (key: keyof ResolvedLimits, cap: number | undefined): number => {
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
