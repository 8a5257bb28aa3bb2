import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INTEGRITY_FILE, readPackageDir, verifyIntegrity, } from '@stack-plugin/pdk';
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
export async function verifyPluginDistribution(input) {
    const required = input.policy.requireSignatures === true;
    if (!required && !existsSync(join(input.dir, INTEGRITY_FILE)))
        return undefined;
    const verdict = verifyIntegrity(await readPackageDir(input.dir), input.policy, {
        plugin: input.plugin,
    });
    if (verdict.error !== undefined)
        throw verdict.error;
    return verdict;
}
//# sourceMappingURL=verify-plugin-distribution.js.map