import { createHash, type KeyObject } from 'node:crypto';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';
import { checkCanonicalPath, compareCanonicalPaths, isCoveredPath } from './canonical-path.js';
import {
  INTEGRITY_FORMAT,
  type IntegrityManifest,
  integrityPayload,
} from './integrity-manifest.js';
import { keyIdOf, signPayload } from './signing-key.js';

/** Lowercase hex SHA-256 of some bytes: the one hash function of the integrity manifest. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Build an unsigned integrity manifest from the package's files (canonical path -> content).
 * The integrity manifest itself is skipped (it cannot cover its own hash).
 *
 * @throws {@link StackPluginError} `INTEGRITY_MANIFEST_INVALID` for a path that cannot be
 * canonical (for example one with `..` or a control character).
 */
export function createIntegrityManifest(
  pkg: { name: string; version: string },
  files: Iterable<readonly [path: string, content: Uint8Array | string]>,
): IntegrityManifest {
  const entries: Array<[string, string]> = [];
  for (const [path, content] of files) {
    const problem = checkCanonicalPath(path);
    if (problem !== undefined) {
      throw createError(pdkErrors.INTEGRITY_MANIFEST_INVALID, {
        plugin: pkg.name,
        detail: `"${path}" cannot be listed: ${problem}`,
      });
    }
    if (isCoveredPath(path)) entries.push([path, sha256Hex(content)]);
  }
  entries.sort(([a], [b]) => compareCanonicalPaths(a, b));
  return {
    format: INTEGRITY_FORMAT,
    algorithm: 'sha256',
    package: { name: pkg.name, version: pkg.version },
    files: Object.fromEntries(entries),
    signatures: [],
  };
}

/**
 * Add (or replace) the signature of `privateKey` over the manifest's payload. Signing twice with
 * the same key keeps one signature; other keys' signatures are kept (co-signing).
 */
export function signIntegrityManifest(
  manifest: IntegrityManifest,
  privateKey: KeyObject,
): IntegrityManifest {
  const keyId = keyIdOf(privateKey);
  const signature = signPayload(integrityPayload(manifest), privateKey);
  return {
    ...manifest,
    signatures: [...manifest.signatures.filter((s) => s.keyId !== keyId), { keyId, signature }],
  };
}
