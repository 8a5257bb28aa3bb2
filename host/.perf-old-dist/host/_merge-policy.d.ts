import type { HostPolicy } from '../config/host-config.js';
/**
 * Combines the policy given to `createHost` with the one in stack.config.json: the stricter
 * value of each field wins (higher minimum isolation, lower caps), so a config file can never
 * loosen what the embedding application decided.
 */
export declare function mergePolicy(a: HostPolicy, b: HostPolicy | undefined): HostPolicy;
//# sourceMappingURL=_merge-policy.d.ts.map