import {
  createError,
  findNarrowedGrant,
  narrowGrants,
  type PluginGrants,
  pdkErrors,
  type StackPluginError,
} from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import type { BrokerDeps, BrokerScope } from './broker-scope.js';

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
  /** The refusal of a call made after the instance was stopped (`PLUGIN_NOT_ACTIVE`). */
  notActive(capability: string, method: string): Promise<never>;
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
    // Whatever still runs after deactivation (a timer, a pending promise) gets nothing done.
    notActive: (capability, method) =>
      Promise.reject(
        createError(hostErrors.PLUGIN_NOT_ACTIVE, {
          plugin,
          detail: `${capability}.${method} was called after it was deactivated`,
        }),
      ),
  };
}

/** The scope's grants, or the manifest's permissions unnarrowed when it has none. */
function grantsOf(scope: BrokerScope): () => PluginGrants {
  // Bound rather than wrapped in a closure: a frame less on every call's permission check.
  if (scope.grants !== undefined) return scope.grants.bind(scope);
  let fixed: PluginGrants | undefined;
  return () => {
    fixed ??= narrowGrants(scope.permissions);
    return fixed;
  };
}
