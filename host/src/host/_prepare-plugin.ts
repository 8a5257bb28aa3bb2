import {
  checkGrantNarrowing,
  createError,
  type GrantNarrowing,
  isHostPermission,
  isStackPluginError,
  type PluginPackage,
  parsePermission,
  readPluginPackage,
  type StackPluginError,
  toClause,
} from '@stack-plugin/pdk';
import semver from 'semver';
import type { HostPluginEntry, HostPolicy } from '../config/host-config.js';
import { resolvePluginConfig } from '../config/resolve-plugin-config.js';
import {
  readVerifiedPackage,
  type VerifiedPackage,
} from '../distribution/verify-plugin-distribution.js';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import {
  checkPluginPolicy,
  hasGovernance,
  type PolicyDecision,
  type PolicySubject,
} from '../policy/check-plugin-policy.js';
import { resolveIsolation, resolveLimits } from '../sandbox/resolve-isolation.js';
import type { SchemaValidator } from '../schema/schema-validator.js';

/** Everything the host decides about a plugin before its code runs. */
export interface PreparedPlugin {
  readonly pkg: PluginPackage;
  readonly isolation: IsolationLevel;
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number };
  readonly config: Record<string, unknown>;
  /** The package's files as verified (`undefined` when the package is not checked). */
  readonly verified: VerifiedPackage | undefined;
  /** How its config entry narrows the manifest's permissions (`grant`, `deny`). */
  readonly narrowing: GrantNarrowing;
}

/** Inputs of {@link preparePlugin}. */
export interface PrepareInput {
  readonly dir: string;
  readonly entry: HostPluginEntry | undefined;
  readonly runtimeConfig: Record<string, unknown> | undefined;
  readonly isolation: IsolationLevel | undefined;
  readonly policy: HostPolicy;
  readonly hostApiVersion: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly validator: SchemaValidator;
  /** Names of the capabilities the host defines (`acme.tickets`); none when absent. */
  readonly hostCapabilities?: ReadonlySet<string>;
  /** Told every governance decision (when the policy has governance rules), refusals too. */
  readonly onPolicyDecision?: (decision: PolicyDecision) => void;
}

/**
 * Reads and validates the package (pdk), checks the `host` range, decides the isolation level
 * and limits (manifest, raised or capped by the host), applies the governance policy and
 * resolves the configuration. Runs no plugin code. Throws the catalog error that explains the
 * first problem, naming the plugin.
 */
export async function preparePlugin(input: PrepareInput): Promise<PreparedPlugin> {
  const { pkg, verified, isolation, subject } = await inspectPlugin(input);
  const { manifest, name } = pkg;
  // Governance comes right after the signatures it reads, before anything else is decided;
  // a policy without governance rules takes (and records) no decision.
  if (hasGovernance(input.policy)) {
    const decision = checkPluginPolicy(subject, input.policy);
    input.onPolicyDecision?.(decision);
    if (decision.outcome === 'refused') throw decision.violations[0];
  }
  const granted = input.entry?.permissions;
  if (granted !== undefined) {
    // Exact strings: a grant was consented to as shown, so a "wider" spelling is new.
    const extra = (manifest.permissions ?? []).filter((p) => !granted.includes(p));
    if (extra.length > 0) {
      throw createError(hostErrors.PERMISSION_NOT_GRANTED, { plugin: name, permissions: extra });
    }
  }
  assertHostCapabilitiesKnown(name, manifest.permissions ?? [], input.hostCapabilities);
  const narrowing = entryNarrowing(input.entry);
  assertGrantNarrowing(name, manifest.permissions ?? [], narrowing);
  if (!hostSatisfies(input.hostApiVersion, manifest.host)) {
    throw createError(
      hostErrors.HOST_INCOMPATIBLE,
      { plugin: name, range: manifest.host, version: input.hostApiVersion },
      { plugin: name },
    );
  }
  const limits = resolveLimits(manifest.limits, input.policy);
  const config = resolvePluginConfig(
    {
      plugin: name,
      schema: manifest.config,
      file: input.entry?.config,
      env: input.env,
      runtime: input.runtimeConfig,
    },
    input.validator,
  );
  const prepared: PreparedPlugin = { pkg, isolation, limits, config, verified, narrowing };
  unused.add(prepared);
  return prepared;
}

/**
 * Throws `CAPABILITY_UNKNOWN` when a permission names a host capability (a dotted name) this
 * host does not define; the validator could only warn, not knowing the host.
 */
function assertHostCapabilitiesKnown(
  plugin: string,
  permissions: readonly string[],
  known: ReadonlySet<string> = new Set(),
): void {
  for (const permission of permissions) {
    if (!isHostPermission(permission)) continue;
    const capability = permission.trim().toLowerCase().split(':')[0] as string;
    if (!known.has(capability)) {
      throw createError(
        hostErrors.CAPABILITY_UNKNOWN,
        { plugin, capability, permission, known: [...known] },
        { plugin },
      );
    }
    // Defined here: its grammar is registered, so the permission must parse.
    parsePermission(permission);
  }
}

/** The `grant` and `deny` lists of a config entry. */
function entryNarrowing(entry: HostPluginEntry | undefined): GrantNarrowing {
  return {
    ...(entry?.grant === undefined ? {} : { grant: entry.grant }),
    ...(entry?.deny === undefined ? {} : { deny: entry.deny }),
  };
}

/** Throws `GRANT_INVALID` listing every problem of `narrowing` against the manifest. */
export function assertGrantNarrowing(
  plugin: string,
  requested: readonly string[],
  narrowing: GrantNarrowing,
): void {
  const problems = checkGrantNarrowing(requested, narrowing);
  if (problems.length > 0) {
    throw createError(hostErrors.GRANT_INVALID, { plugin, problems }, { plugin });
  }
}

// Plugins of one ecosystem declare a handful of host ranges, and semver parses the range anew
// on every call, which shows in a profile of a 1,000-plugin start: the answers are kept, and
// the table is emptied when it grows past what a real host would see.
const satisfied = new Map<string, boolean>();

function hostSatisfies(version: string, range: string): boolean {
  const key = `${version}\u0000${range}`;
  let answer = satisfied.get(key);
  if (answer === undefined) {
    answer = semver.satisfies(version, range, { includePrerelease: true });
    if (satisfied.size >= 256) satisfied.clear();
    satisfied.set(key, answer);
  }
  return answer;
}

/** What {@link inspectPlugin} reads of a plugin folder. */
export interface InspectedPlugin {
  readonly pkg: PluginPackage;
  readonly verified: VerifiedPackage | undefined;
  readonly isolation: IsolationLevel;
  /** What the governance policy decides on (`checkPluginPolicy`). */
  readonly subject: PolicySubject;
}

/**
 * The facts the host decides a load on, read without running plugin code: the package and
 * its manifest (pdk), its files verified (integrity and signatures), the isolation level
 * (manifest, raised by the config entry, the runtime option and the policy), and from them
 * what the governance policy decides on. The host's load and `reviewPluginPolicy` both read
 * plugins here.
 */
export async function inspectPlugin(
  input: Pick<PrepareInput, 'dir' | 'entry' | 'isolation' | 'policy'>,
): Promise<InspectedPlugin> {
  const pkg = await readPluginPackage(input.dir);
  // Integrity and signatures are checked before any plugin code is imported, on every load
  // (reloads included), so a file swapped on disk after install is refused too.
  const verified = await readVerifiedPackage({
    dir: pkg.dir,
    plugin: pkg.name,
    policy: input.policy,
  });
  // Config entry and runtime option may only raise the level; so may the policy.
  const isolation = resolveIsolation(
    resolveIsolation(pkg.manifest.isolation, input.entry?.isolation),
    input.isolation,
    input.policy,
  );
  const subject: PolicySubject = {
    plugin: pkg.name,
    permissions: pkg.manifest.permissions ?? [],
    isolation,
    signers: verified?.verdict.signers ?? [],
  };
  return { pkg, verified, isolation, subject };
}

// Prepared plugins whose verified bytes no generation has used yet: the first start uses
// them, every later one (enable after disable, restart) verifies the disk again.
const unused = new WeakSet<PreparedPlugin>();

/**
 * The verified files to load a new generation of the plugin from: those of
 * {@link preparePlugin} for the first start, freshly read and verified for any later one,
 * `undefined` when the package is not checked. Executors load these bytes, never the disk.
 *
 * @throws {@link StackPluginError} `INTEGRITY_*` / `SIGNATURE_*` when the files changed.
 */
export async function takeVerifiedFiles(
  prepared: PreparedPlugin,
  policy: HostPolicy,
): Promise<ReadonlyMap<string, Uint8Array> | undefined> {
  if (unused.delete(prepared)) return prepared.verified?.files;
  const { dir, name } = prepared.pkg;
  return (await readVerifiedPackage({ dir, plugin: name, policy }))?.files;
}

/**
 * Wraps a plugin failure with the plugin and the phase, keeping the original as `cause`.
 * For a lifecycle hook (`PLUGIN_ACTIVATION_FAILED`) only errors that already say the phase
 * (timeouts, earlier wraps) pass through; for a handler call (`PLUGIN_CALL_FAILED`) every
 * catalog error that names the plugin passes through, so a caller still sees
 * `PERMISSION_DENIED` or `VALIDATION_FAILED` as such.
 */
export function wrapPluginError(
  error: unknown,
  plugin: string,
  phase: string,
  code: 'PLUGIN_ACTIVATION_FAILED' | 'PLUGIN_CALL_FAILED' = 'PLUGIN_ACTIVATION_FAILED',
): StackPluginError {
  if (isStackPluginError(error) && error.plugin === plugin) {
    const phased = PHASED.has(error.code);
    if (code === 'PLUGIN_CALL_FAILED' || phased) return error as StackPluginError;
  }
  // A catalog error stays visible with its own code and hint; a foreign one is only the cause.
  return createError(
    hostErrors[code],
    { plugin, phase, detail: toClause(error) },
    { cause: error, errors: isStackPluginError(error) ? [error] : [] },
  );
}

const PHASED = new Set([
  'PLUGIN_ACTIVATION_FAILED',
  'PLUGIN_CALL_FAILED',
  'PLUGIN_TIMEOUT',
  'PLUGIN_CRASHED',
]);
