import { createRequire } from 'node:module';
import {
  createError,
  type HighestRisk,
  highestRisk,
  type IsolationLevel,
  isolationRank,
  normalizeKeyId,
  PERMISSION_RISKS,
  type PermissionRisk,
  riskRank,
  type StackPluginError,
  strongestIsolation,
} from '@stack-plugin/pdk';
import type picomatchType from 'picomatch';
import type { HostPolicy } from '../config/host-config.js';
import { hostErrors } from '../host-errors.js';

/** What the governance policy is asked about: facts read without running plugin code. */
export interface PolicySubject {
  /** The plugin's package name. */
  readonly plugin: string;
  /** Its manifest's `permissions`. */
  readonly permissions: readonly string[];
  /** The isolation it would run at (manifest, config entry and `minIsolation` applied). */
  readonly isolation: IsolationLevel;
  /** Ids of the keys whose signatures on the package verified (empty when unsigned). */
  readonly signers: readonly string[];
}

/** How the policy treats a plugin: loaded, loaded with warnings, or refused. */
export type PolicyOutcome = 'allowed' | 'warned' | 'refused';

/** The governance policy's verdict on one plugin. */
export interface PolicyDecision {
  /** The plugin's package name. */
  readonly plugin: string;
  /** `refused` only in `mode: 'enforce'` (the default); `warned` when broken rules only warn. */
  readonly outcome: PolicyOutcome;
  /** The riskiest of its permissions, as the pdk's capability descriptors rate them. */
  readonly risk: HighestRisk;
  /** The rules it breaks, each a catalog error (`POLICY_*`) with its hint; empty when allowed. */
  readonly violations: readonly StackPluginError[];
}

/** Whether the policy has any governance rule: without one, no decision is taken or recorded. */
export function hasGovernance(policy: HostPolicy): boolean {
  return (
    policy.plugins !== undefined ||
    policy.publishers !== undefined ||
    policy.maxRisk !== undefined ||
    policy.isolationByRisk !== undefined
  );
}

/**
 * The governance rules of a host policy applied to one plugin: `plugins` allow/deny (package
 * names or picomatch globs), `publishers` allow/deny (signing key ids), `maxRisk` (per plugin,
 * else the default) and `isolationByRisk`. Every broken rule is reported, not only the first.
 * In `mode: 'warn'` a plugin that breaks rules is `warned` rather than `refused`. Pure: the
 * caller supplies the facts, so the host's load and `stack-plugin policy check` decide alike.
 */
export function checkPluginPolicy(subject: PolicySubject, policy: HostPolicy): PolicyDecision {
  const { plugin } = subject;
  const violations: StackPluginError[] = [];
  const risk = highestRisk(subject.permissions);

  const names = policy.plugins;
  const denied = names?.deny?.find((pattern) => matchesName(pattern, plugin));
  if (denied !== undefined) {
    violations.push(
      createError(hostErrors.POLICY_PLUGIN_DENIED, { plugin, list: 'deny', pattern: denied }),
    );
  } else if (
    names?.allow !== undefined &&
    !names.allow.some((pattern) => matchesName(pattern, plugin))
  ) {
    violations.push(createError(hostErrors.POLICY_PLUGIN_DENIED, { plugin, list: 'allow' }));
  }

  const publishers = policy.publishers;
  if (publishers !== undefined) {
    const signers = subject.signers;
    const deny = keyIds(publishers.deny);
    const allow = publishers.allow === undefined ? undefined : keyIds(publishers.allow);
    const key = signers.find((k) => deny.has(k));
    if (key !== undefined) {
      violations.push(
        createError(hostErrors.POLICY_PUBLISHER_DENIED, { plugin, list: 'deny', signers, key }),
      );
    } else if (allow !== undefined && !signers.some((k) => allow.has(k))) {
      violations.push(
        createError(hostErrors.POLICY_PUBLISHER_DENIED, { plugin, list: 'allow', signers }),
      );
    }
  }

  const max = maxRiskFor(plugin, policy);
  if (max !== undefined && riskRank(risk.risk) > riskRank(max)) {
    violations.push(
      createError(hostErrors.POLICY_RISK_EXCEEDED, {
        plugin,
        risk: risk.risk,
        max,
        permissions: risk.permissions,
      }),
    );
  }

  const required = requiredIsolation(risk.risk, policy);
  if (required !== undefined && isolationRank(subject.isolation) < isolationRank(required)) {
    violations.push(
      createError(hostErrors.POLICY_ISOLATION_TOO_LOW, {
        plugin,
        risk: risk.risk,
        isolation: subject.isolation,
        required,
      }),
    );
  }

  const outcome: PolicyOutcome =
    violations.length === 0 ? 'allowed' : policy.mode === 'warn' ? 'warned' : 'refused';
  return { plugin, outcome, risk, violations };
}

/**
 * The highest risk `plugin` may ask for: its exact entry in `maxRisk.plugins`, else the
 * lowest among the globs that match it, else `maxRisk.default` (`undefined`: no limit).
 */
export function maxRiskFor(plugin: string, policy: HostPolicy): PermissionRisk | undefined {
  const perPlugin = policy.maxRisk?.plugins ?? {};
  if (Object.hasOwn(perPlugin, plugin)) return perPlugin[plugin];
  let lowest: PermissionRisk | undefined;
  for (const [pattern, max] of Object.entries(perPlugin)) {
    if (matchesName(pattern, plugin) && (lowest === undefined || riskRank(max) < riskRank(lowest)))
      lowest = max;
  }
  return lowest ?? policy.maxRisk?.default;
}

/**
 * The least isolation a plugin of `risk` must run at: the strongest level `isolationByRisk`
 * names for that risk or any lower one, so a rule for `high` also binds `critical` plugins.
 */
function requiredIsolation(risk: PermissionRisk, policy: HostPolicy): IsolationLevel | undefined {
  const byRisk = policy.isolationByRisk;
  if (byRisk === undefined) return undefined;
  const levels = PERMISSION_RISKS.slice(0, riskRank(risk) + 1).map((r) => byRisk[r]);
  return levels.some((l) => l !== undefined) ? strongestIsolation(...levels) : undefined;
}

// Loaded on the first glob only: a host without governance rules never pays for it.
let picomatch: typeof picomatchType | undefined;

/** Plugin names are matched as picomatch globs; `/` separates a scope from its name. */
function matchesName(pattern: string, plugin: string): boolean {
  if (pattern === plugin) return true;
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return picomatch.isMatch(plugin, pattern);
}

/** Key ids as the verifier reports signers, so any accepted spelling of a key matches. */
function keyIds(keys: readonly string[] | undefined): ReadonlySet<string> {
  return new Set((keys ?? []).map((key, i) => normalizeKeyId(key, `Publisher key #${i + 1}`)));
}
