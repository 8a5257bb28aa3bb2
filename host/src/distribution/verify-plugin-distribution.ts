import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  INTEGRITY_FILE,
  type IntegrityPolicy,
  type IntegrityVerdict,
  readPackageDir,
  verifyIntegrity,
} from '@stack-plugin/pdk';

/** Inputs of {@link verifyPluginDistribution}. */
export interface VerifyPluginDistributionInput {
  /** The plugin's package folder (an installed `node_modules/<name>` or a path plugin). */
  readonly dir: string;
  /** The plugin's name, for errors. */
  readonly plugin: string;
  /** The host policy (`requireSignatures`, `trustedKeys`). */
  readonly policy: IntegrityPolicy;
}

/** A package whose files passed {@link readVerifiedPackage}, with the bytes that passed. */
export interface VerifiedPackage {
  readonly verdict: IntegrityVerdict;
  /** Every file of the package as verified, by package-relative path. */
  readonly files: ReadonlyMap<string, Uint8Array>;
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
export async function verifyPluginDistribution(
  input: VerifyPluginDistributionInput,
): Promise<IntegrityVerdict | undefined> {
  return (await readVerifiedPackage(input))?.verdict;
}

/**
 * {@link verifyPluginDistribution} that also returns the bytes it verified, read once into
 * memory, so a host can load exactly those and never read the files again from disk, where
 * they could have changed since. `undefined` when the package is not checked.
 */
export async function readVerifiedPackage(
  input: VerifyPluginDistributionInput,
): Promise<VerifiedPackage | undefined> {
  const required = input.policy.requireSignatures === true;
  if (!required && !existsSync(join(input.dir, INTEGRITY_FILE))) return undefined;
  const contents = await readPackageDir(input.dir);
  const verdict = verifyIntegrity(contents, input.policy, { plugin: input.plugin });
  if (verdict.error !== undefined) throw verdict.error;
  const files = new Map<string, Uint8Array>();
  // A verified package has no links (they never match a hash), so every value is bytes.
  for (const [path, bytes] of contents) if (bytes !== null) files.set(path, bytes);
  return { verdict, files };
}
