/**
 * `@stack-plugin/host/distribution`: the checks a package manager runs on a plugin before a
 * host loads it (the host API version its `host` range must accept, the integrity and
 * signature policy, the governance review), without the rest of the host runtime. A separate
 * entry so that `stack-plugin add` starts without loading the broker, sandboxes and services
 * (about 100 ms of start-up); every symbol here is also exported by the main entry, whose API
 * report covers it.
 *
 * @packageDocumentation
 */

export type { HostPolicy } from '../config/host-config.js';
export { HOST_API_VERSION } from '../host/host-types.js';
export { hostErrors } from '../host-errors.js';
export {
  type PolicyReview,
  type ReviewPluginPolicyInput,
  reviewPluginPolicy,
} from '../policy/review-plugin-policy.js';
export {
  type VerifyPluginDistributionInput,
  verifyPluginDistribution,
} from './verify-plugin-distribution.js';
