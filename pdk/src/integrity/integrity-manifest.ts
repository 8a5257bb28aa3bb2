import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import { checkCanonicalPath, compareCanonicalPaths, INTEGRITY_FILE } from './canonical-path.js';

/** Identifier of the integrity manifest format; also the first line of the signed payload. */
export const INTEGRITY_FORMAT = 'stack-plugin-integrity/1';

/** One ed25519 signature over {@link integrityPayload}. */
export interface IntegritySignature {
  /** The signer's public key as `ed25519:<base64url of the 32 raw bytes>`. */
  readonly keyId: string;
  /** The ed25519 signature, base64. */
  readonly signature: string;
}

/**
 * The content of `stack-plugin.integrity.json`: the package identity, the SHA-256 (hex) of
 * every file of the canonical list, and the signatures over them.
 */
export interface IntegrityManifest {
  readonly format: typeof INTEGRITY_FORMAT;
  readonly algorithm: 'sha256';
  readonly package: { readonly name: string; readonly version: string };
  /** Canonical path -> lowercase hex SHA-256, in canonical order. */
  readonly files: Readonly<Record<string, string>>;
  readonly signatures: readonly IntegritySignature[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The exact bytes a signature covers: the format line, `<name>@<version>`, then one line
 * `<sha256> <path>` per file in canonical order, each line ending in `\n`. Binding the name and
 * version stops a signature from being replayed onto another package or release.
 */
export function integrityPayload(manifest: Omit<IntegrityManifest, 'signatures'>): Buffer {
  const paths = Object.keys(manifest.files).sort(compareCanonicalPaths);
  const lines = [
    INTEGRITY_FORMAT,
    `${manifest.package.name}@${manifest.package.version}`,
    ...paths.map((path) => `${manifest.files[path]} ${path}`),
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Serialize a manifest as written into packages: stable key order, files sorted, 2-space JSON. */
export function serializeIntegrityManifest(manifest: IntegrityManifest): string {
  const files: Record<string, string> = {};
  for (const path of Object.keys(manifest.files).sort(compareCanonicalPaths)) {
    files[path] = manifest.files[path] as string;
  }
  const ordered = {
    format: manifest.format,
    algorithm: manifest.algorithm,
    package: { name: manifest.package.name, version: manifest.package.version },
    files,
    signatures: manifest.signatures.map(({ keyId, signature }) => ({ keyId, signature })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Parse and check `stack-plugin.integrity.json` text.
 *
 * @throws {@link StackPluginError} `INTEGRITY_MANIFEST_INVALID` naming what is wrong.
 */
export function parseIntegrityManifest(text: string, plugin?: string): IntegrityManifest {
  const fail = (detail: string): never => {
    throw createError(
      pdkErrors.INTEGRITY_MANIFEST_INVALID,
      plugin === undefined
        ? { file: INTEGRITY_FILE, detail }
        : { plugin, file: INTEGRITY_FILE, detail },
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value)) return fail('it must be a JSON object');
  if (value.format !== INTEGRITY_FORMAT) return fail(`"format" must be "${INTEGRITY_FORMAT}"`);
  if (value.algorithm !== 'sha256') return fail('"algorithm" must be "sha256"');
  const pkg = value.package;
  if (!isRecord(pkg) || typeof pkg.name !== 'string' || typeof pkg.version !== 'string') {
    return fail('"package" must hold the package "name" and "version" strings');
  }
  if (!isRecord(value.files)) return fail('"files" must map paths to SHA-256 hashes');
  const files: Record<string, string> = {};
  for (const [path, hash] of Object.entries(value.files)) {
    const problem = checkCanonicalPath(path);
    if (problem !== undefined) return fail(`"files" lists "${path}": ${problem}`);
    if (path === INTEGRITY_FILE) return fail(`"files" must not list ${INTEGRITY_FILE} itself`);
    if (typeof hash !== 'string' || !HEX64.test(hash)) {
      return fail(`"files" has no lowercase hex SHA-256 for "${path}"`);
    }
    files[path] = hash;
  }
  const rawSignatures = value.signatures ?? [];
  if (!Array.isArray(rawSignatures)) return fail('"signatures" must be an array');
  const signatures = rawSignatures.map((sig, i): IntegritySignature => {
    if (!isRecord(sig) || typeof sig.keyId !== 'string' || typeof sig.signature !== 'string') {
      return fail(`"signatures[${i}]" must hold "keyId" and "signature" strings`);
    }
    return { keyId: sig.keyId, signature: sig.signature };
  });
  return {
    format: INTEGRITY_FORMAT,
    algorithm: 'sha256',
    package: { name: pkg.name, version: pkg.version },
    files,
    signatures,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
