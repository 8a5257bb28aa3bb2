import { type IntegrityPolicy, type IntegrityVerdict } from '@stack-plugin/pdk';
/** Inputs of {@link verifyPluginDistribution}. */
export interface VerifyPluginDistributionInput {
    /** The plugin's package folder (an installed `node_modules/<name>` or a path plugin). */
    readonly dir: string;
    /** The plugin's name, for errors. */
    readonly plugin: string;
    /** The host policy (`requireSignatures`, `trustedKeys`). */
    readonly policy: IntegrityPolicy;
}
/**
 * The host's distribution check, run before any plugin code: when the policy requires
 * signatures, or the package carries an integrity manifest (so it was packed with
 * `stack-plugin pack`), the files must match it, with the same verifier `stack-plugin verify`
 * uses. Packages without a manifest load unchecked unless signatures are required.
 *
 * Returns the verdict (`undefined` when nothing was checked).
 *
 * @throws {@link StackPluginError} `INTEGRITY_MISMATCH` (naming the file),
 * `INTEGRITY_FILE_MISSING`, `INTEGRITY_UNEXPECTED_FILE`, `INTEGRITY_MANIFEST_INVALID`,
 * `SIGNATURE_INVALID`, `SIGNATURE_MISSING`, `SIGNATURE_UNTRUSTED`, each naming the plugin.
 */
export declare function verifyPluginDistribution(input: VerifyPluginDistributionInput): Promise<IntegrityVerdict | undefined>;
//# sourceMappingURL=verify-plugin-distribution.d.ts.map