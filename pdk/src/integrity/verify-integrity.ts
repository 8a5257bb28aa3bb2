import { pdkErrors } from '../errors/pdk-errors.js';
import { createError, type StackPluginError } from '../errors/stack-plugin-error.js';
import { compareCanonicalPaths, INTEGRITY_FILE, isCoveredPath } from './canonical-path.js';
import { sha256Hex } from './create-integrity-manifest.js';
import {
  type IntegrityManifest,
  integrityPayload,
  parseIntegrityManifest,
} from './integrity-manifest.js';
import { normalizeKeyId, verifyPayload } from './signing-key.js';

/** What a verifier demands beyond intact files. Same shape as the host's policy fields. */
export interface IntegrityPolicy {
  /** Refuse packages without a valid signature by one of {@link trustedKeys}. */
  readonly requireSignatures?: boolean;
  /** Trusted public keys, PEM or `ed25519:<base64url>`. */
  readonly trustedKeys?: readonly string[];
}

/**
 * A package's files as a verifier sees them: canonical path -> content, or `null` for an entry
 * that is not a regular file (a symlink, a device), which never matches a recorded hash.
 */
export type PackageContents = ReadonlyMap<string, Uint8Array | null>;

/** Codes a verdict can carry, one per kind of tampering or policy failure. */
export type IntegrityProblemCode = Extract<
  keyof typeof pdkErrors,
  | 'INTEGRITY_FILE_MISSING'
  | 'INTEGRITY_MANIFEST_INVALID'
  | 'INTEGRITY_MANIFEST_MISSING'
  | 'INTEGRITY_MISMATCH'
  | 'INTEGRITY_UNEXPECTED_FILE'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_UNTRUSTED'
>;

/** One reason a package is refused. */
export interface IntegrityProblem {
  readonly code: IntegrityProblemCode;
  /** The file concerned (canonical path), for file problems. */
  readonly file?: string;
  /** The key concerned, for signature problems. */
  readonly key?: string;
  /** Extra detail for manifest problems. */
  readonly detail?: string;
}

/** The outcome of {@link verifyIntegrity}: the same for the CLI and the host. */
export interface IntegrityVerdict {
  readonly ok: boolean;
  /** Package name (from package.json, else the manifest), if known. */
  readonly plugin: string | undefined;
  /** Number of files the manifest covers. */
  readonly files: number;
  /** Keys whose signatures verified. */
  readonly signers: readonly string[];
  /** Signers that are in the trusted set. */
  readonly trustedSigners: readonly string[];
  /** Every problem found, most serious kind first, then by path. */
  readonly problems: readonly IntegrityProblem[];
  /** The error to report: the first problem, saying how many more there are. */
  readonly error: StackPluginError | undefined;
}

/**
 * Check a package against its integrity manifest and a policy. `context.plugin` names the
 * plugin in errors when neither package.json nor the manifest can. Pure apart from hashing; never
 * throws for a bad package (the verdict says why), only for a bad policy (an unreadable trusted
 * key: `SIGNATURE_KEY_INVALID`).
 *
 * The order matters: the manifest is authenticated (signatures, trust) before its hashes are
 * believed; then every listed file must be present with its hash and no other file may be.
 */
export function verifyIntegrity(
  contents: PackageContents,
  policy: IntegrityPolicy = {},
  context: { plugin?: string } = {},
): IntegrityVerdict {
  const trusted = new Set(
    (policy.trustedKeys ?? []).map((key, i) => normalizeKeyId(key, `Trusted key #${i + 1}`)),
  );
  const pkg = readPackageIdentity(contents.get('package.json'));
  const manifestBytes = contents.get(INTEGRITY_FILE);
  const problems: IntegrityProblem[] = [];
  const verdict = (
    manifest: IntegrityManifest | undefined,
    signers: string[] = [],
    trustedSigners: string[] = [],
  ): IntegrityVerdict => {
    const plugin = pkg?.name ?? manifest?.package.name ?? context.plugin;
    return {
      ok: problems.length === 0,
      plugin,
      files: manifest === undefined ? 0 : Object.keys(manifest.files).length,
      signers,
      trustedSigners,
      problems,
      error: toError(problems, plugin),
    };
  };

  if (manifestBytes === undefined || manifestBytes === null) {
    problems.push(
      policy.requireSignatures === true
        ? { code: 'SIGNATURE_MISSING', detail: `it has no ${INTEGRITY_FILE}` }
        : { code: 'INTEGRITY_MANIFEST_MISSING' },
    );
    return verdict(undefined);
  }
  let manifest: IntegrityManifest;
  try {
    manifest = parseIntegrityManifest(Buffer.from(manifestBytes).toString('utf8'));
  } catch (error) {
    const { detail } = (error as StackPluginError<string, { detail: string }>).data;
    problems.push({ code: 'INTEGRITY_MANIFEST_INVALID', detail });
    return verdict(undefined);
  }
  if (
    pkg !== undefined &&
    (pkg.name !== manifest.package.name || pkg.version !== manifest.package.version)
  ) {
    problems.push({
      code: 'INTEGRITY_MANIFEST_INVALID',
      detail: `it was made for ${manifest.package.name}@${manifest.package.version}, not ${pkg.name}@${pkg.version}`,
    });
    return verdict(manifest);
  }

  const payload = integrityPayload(manifest);
  const signers: string[] = [];
  for (const { keyId, signature } of manifest.signatures) {
    if (verifyPayload(payload, keyId, signature)) signers.push(keyId);
    else problems.push({ code: 'SIGNATURE_INVALID', key: keyId });
  }
  const trustedSigners = signers.filter((key) => trusted.has(key));
  if (problems.length > 0) return verdict(manifest, signers, trustedSigners);
  if (policy.requireSignatures === true && trustedSigners.length === 0) {
    problems.push(
      signers.length === 0
        ? { code: 'SIGNATURE_MISSING' }
        : { code: 'SIGNATURE_UNTRUSTED', key: signers.join(', ') },
    );
    return verdict(manifest, signers, trustedSigners);
  }

  const mismatched: IntegrityProblem[] = [];
  const missing: IntegrityProblem[] = [];
  const unexpected: IntegrityProblem[] = [];
  for (const [file, hash] of Object.entries(manifest.files)) {
    const content = contents.get(file);
    if (content === undefined) missing.push({ code: 'INTEGRITY_FILE_MISSING', file });
    else if (content === null || sha256Hex(content) !== hash) {
      mismatched.push({ code: 'INTEGRITY_MISMATCH', file });
    }
  }
  for (const file of contents.keys()) {
    if (isCoveredPath(file) && !Object.hasOwn(manifest.files, file)) {
      unexpected.push({ code: 'INTEGRITY_UNEXPECTED_FILE', file });
    }
  }
  for (const group of [mismatched, missing, unexpected]) {
    group.sort((a, b) => compareCanonicalPaths(a.file ?? '', b.file ?? ''));
    problems.push(...group);
  }
  return verdict(manifest, signers, trustedSigners);

  function toError(list: IntegrityProblem[], plugin: string | undefined) {
    const first = list[0];
    if (first === undefined) return undefined;
    const more = list.length > 1 ? ` (and ${list.length - 1} more problem(s))` : '';
    const name = plugin ?? 'the package';
    const options = { plugin };
    const file = first.file ?? '';
    const key = first.key ?? '';
    switch (first.code) {
      case 'INTEGRITY_FILE_MISSING':
      case 'INTEGRITY_MISMATCH':
      case 'INTEGRITY_UNEXPECTED_FILE':
        return createError(pdkErrors[first.code], { plugin: name, file, more }, options);
      case 'INTEGRITY_MANIFEST_INVALID':
        return createError(
          pdkErrors.INTEGRITY_MANIFEST_INVALID,
          { ...options, detail: first.detail ?? 'it cannot be read' },
          options,
        );
      case 'INTEGRITY_MANIFEST_MISSING':
        return createError(
          pdkErrors.INTEGRITY_MANIFEST_MISSING,
          { plugin: name, where: 'the package' },
          options,
        );
      case 'SIGNATURE_INVALID':
        return createError(pdkErrors.SIGNATURE_INVALID, { plugin: name, key }, options);
      case 'SIGNATURE_MISSING':
        return createError(
          pdkErrors.SIGNATURE_MISSING,
          first.detail === undefined ? { plugin: name } : { plugin: name, detail: first.detail },
          options,
        );
      case 'SIGNATURE_UNTRUSTED':
        return createError(
          pdkErrors.SIGNATURE_UNTRUSTED,
          { plugin: name, key: key.split(', ')[0] ?? key, keys: key, count: trusted.size },
          options,
        );
    }
  }
}

/**
 * Throw the verdict's error when the package is refused.
 *
 * @throws {@link StackPluginError} with the first problem's code.
 */
export function assertIntegrity(
  contents: PackageContents,
  policy?: IntegrityPolicy,
  context?: { plugin?: string },
): IntegrityVerdict {
  const result = verifyIntegrity(contents, policy, context);
  if (result.error !== undefined) throw result.error;
  return result;
}

function readPackageIdentity(
  bytes: Uint8Array | null | undefined,
): { name: string; version: string } | undefined {
  if (bytes === undefined || bytes === null) return undefined;
  try {
    const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    if (typeof json.name === 'string' && typeof json.version === 'string') {
      return { name: json.name, version: json.version };
    }
  } catch {
    // An unreadable package.json is reported through its hash, not here.
  }
  return undefined;
}
