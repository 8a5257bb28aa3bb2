import {
  createError,
  findNarrowedGrant,
  narrowGrants,
  type PluginGrants,
  pdkErrors,
  type StackPluginError,
} from '@stack-plugin/pdk';
import type { CapabilityUse } from './audit-log.js';
import type { BrokerDeps, BrokerScope } from './broker-scope.js';
import type { Redactor } from './redactor.js';

/** Most permission answers a broker memoises before starting over. */
const GRANT_CACHE_SIZE = 1024;

/**
 * What every capability's broker calls share for one plugin instance: the permission check
 * with its memo, the audit record and the error builders.
 */
export interface BrokerTools {
  readonly plugin: string;
  readonly deps: BrokerDeps;
  readonly scope: BrokerScope;
  /** Appends an audit record, with target and permission redacted. */
  record(
    capability: string,
    method: string,
    target: string,
    allowed: boolean,
    permission?: string,
  ): void;
  /** The permissions in force now (see {@link BrokerScope.grants}). */
  grants(): PluginGrants;
  /** The grant allowing `requested`, memoised until the plugin's grants change. */
  grantFor(requested: string): string | undefined;
  /** Checks `requested`, records the outcome, and throws PERMISSION_DENIED when not granted. */
  check(
    capability: string,
    method: string,
    target: string,
    requested: string,
    action: string,
  ): string;
  denied(action: string, permission: string): StackPluginError;
  invalid(what: string, detail: string): StackPluginError;
  /** `value` as a non-empty string, or VALIDATION_FAILED naming `what`. */
  name(value: unknown, what: string): string;
  /** A per-call timeout capped by the plugin's limit. */
  capTimeout(requested: unknown): number;
  unknownCall(capability: string, method: string): StackPluginError;
}

/** Builds the shared tools of one plugin instance's broker. */
export function createBrokerTools(deps: BrokerDeps, scope: BrokerScope): BrokerTools {
  const { services, audit, redactor } = deps;
  const plugin = scope.plugin;
  const opts = { plugin };

  const record: BrokerTools['record'] = (capability, method, target, allowed, permission) => {
    audit.append(
      plugin,
      capability,
      method,
      redactor.redact(target),
      allowed,
      permission === undefined ? undefined : redactor.redact(permission),
      services.clock.now(),
    );
  };

  const denied = (action: string, permission: string): StackPluginError =>
    createError(pdkErrors.PERMISSION_DENIED, { plugin, action, permission });

  // Answers are memoised while the plugin's grants stay the same object: the host replaces it
  // on every change (narrowing, revocation), so the next call after a change is checked
  // afresh, in every generation. Bounded, so that a plugin requesting ever-new targets cannot
  // grow it without limit.
  const current = grantsOf(scope);
  const grants = new Map<string, string | undefined>();
  let memoOf: PluginGrants | undefined;
  const grantFor = (requested: string): string | undefined => {
    const now = current();
    if (now !== memoOf) {
      grants.clear();
      memoOf = now;
    } else if (grants.has(requested)) return grants.get(requested);
    const grant = findNarrowedGrant(now, requested);
    if (grants.size >= GRANT_CACHE_SIZE) grants.clear();
    grants.set(requested, grant);
    return grant;
  };

  const invalid = (what: string, detail: string): StackPluginError =>
    createError(pdkErrors.VALIDATION_FAILED, { what, detail }, opts);

  return {
    plugin,
    deps,
    scope,
    record,
    grants: current,
    grantFor,
    check(capability, method, target, requested, action) {
      const grant = grantFor(requested);
      record(capability, method, target, grant !== undefined, grant ?? requested);
      if (grant === undefined) throw denied(action, requested);
      return grant;
    },
    denied,
    invalid,
    name(value, what) {
      if (typeof value !== 'string' || value === '')
        throw invalid(what, 'it must be a non-empty string');
      return value;
    },
    capTimeout: (requested) =>
      typeof requested === 'number' && requested > 0
        ? Math.min(requested, scope.timeoutMs)
        : scope.timeoutMs,
    unknownCall: (capability, method) =>
      invalid(`The capability call ${capability}.${method}`, 'no such capability method exists'),
  };
}

/** The scope's grants, or the manifest's permissions unnarrowed when it has none. */
function grantsOf(scope: BrokerScope): () => PluginGrants {
  if (scope.grants !== undefined) return () => (scope.grants as () => PluginGrants)();
  let fixed: PluginGrants | undefined;
  return () => {
    fixed ??= narrowGrants(scope.permissions);
    return fixed;
  };
}

/**
 * Memoises, by topic, what an allowed `events.emit` records: its audit use (topic and grant
 * redacted), or `null` when the topic is not granted. Forgotten when the grants change, as in
 * `grantFor`, and when the redactor learns a secret, so the hot path builds no string and
 * redacts nothing, yet every emit is checked against the grants in force and recorded.
 */
export function createEmitUses(
  scope: BrokerScope,
  redactor: Redactor,
): (topic: string) => CapabilityUse | null {
  const current = grantsOf(scope);
  const uses = new Map<string, CapabilityUse | null>();
  let memoOf: PluginGrants | undefined;
  let secrets = redactor.size;
  // A plugin mostly emits on the topic it emitted on last: answered without the map.
  let lastTopic: string | undefined;
  let lastUse: CapabilityUse | null = null;
  return (topic) => {
    const now = current();
    if (now !== memoOf || secrets !== redactor.size) {
      uses.clear();
      memoOf = now;
      secrets = redactor.size;
      lastTopic = undefined;
    } else if (topic === lastTopic) return lastUse;
    let use = uses.get(topic);
    if (use === undefined) {
      const grant = findNarrowedGrant(now, `events:emit:${topic}`);
      use =
        grant === undefined
          ? null
          : Object.freeze({
              plugin: scope.plugin,
              capability: 'events',
              method: 'emit',
              target: redactor.redact(topic),
              allowed: true,
              permission: redactor.redact(grant),
            });
      if (uses.size >= GRANT_CACHE_SIZE) uses.clear();
      uses.set(topic, use);
    }
    lastTopic = topic;
    lastUse = use;
    return use;
  };
}
