import type { HostPluginEntry, HostPolicy } from '../config/host-config.js';
import type { IsolationLevel } from '../executor/plugin-executor.js';
import { inspectPlugin } from '../host/_prepare-plugin.js';
import { checkPluginPolicy, type PolicyDecision } from './check-plugin-policy.js';

/** Inputs of {@link reviewPluginPolicy}. */
export interface ReviewPluginPolicyInput {
  /** The plugin's package folder. */
  readonly dir: string;
  /** Its entry in stack.config.json, if it has one (its `isolation` raises the level). */
  readonly entry?: HostPluginEntry | undefined;
  /** The host policy, as the host would apply it. */
  readonly policy: HostPolicy;
}

/** A {@link PolicyDecision} with the isolation level it was taken for. */
export interface PolicyReview extends PolicyDecision {
  /** The isolation the plugin would run at, which `isolationByRisk` was checked against. */
  readonly isolation: IsolationLevel;
}

/**
 * What the governance policy would decide for a plugin folder, read exactly as the host reads
 * it at load (package and manifest, signatures verified, isolation resolved) and without
 * running any of its code: `stack-plugin policy check` is built on it.
 *
 * @throws {@link StackPluginError} what the host's load would throw before the policy applies
 * (`MANIFEST_INVALID`, `INTEGRITY_*`, `SIGNATURE_*`, ...).
 */
export async function reviewPluginPolicy(input: ReviewPluginPolicyInput): Promise<PolicyReview> {
  const { subject, isolation } = await inspectPlugin({
    dir: input.dir,
    entry: input.entry,
    isolation: undefined,
    policy: input.policy,
  });
  return { ...checkPluginPolicy(subject, input.policy), isolation };
}
