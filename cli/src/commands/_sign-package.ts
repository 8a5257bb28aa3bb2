import type { KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createError,
  INTEGRITY_FILE,
  integrityPayload,
  keyIdOf,
  parseIntegrityManifest,
  pdkErrors,
  serializeIntegrityManifest,
  signIntegrityManifest,
  verifyIntegrity,
  verifyPayload,
} from '@stack-plugin/pdk';
import { readPackageSource } from './_package-source.js';
import { writeTarball } from './_tarball.js';

/** What {@link signPackage} did. */
export interface SignResult {
  readonly file: string;
  readonly plugin: string | undefined;
  readonly keyId: string;
  readonly signers: readonly string[];
}

/**
 * Sign the packed package at `target` (tarball or extracted folder). Refuses to sign files
 * that no longer match the manifest: a signature must never vouch for tampered content.
 */
export async function signPackage(target: string, key: KeyObject): Promise<SignResult> {
  const source = await readPackageSource(target);
  const raw = source.contents.get(INTEGRITY_FILE);
  if (raw === undefined || raw === null) {
    const pluginName = readName(source.contents.get('package.json'));
    throw createError(pdkErrors.INTEGRITY_MANIFEST_MISSING, {
      plugin: pluginName ?? target,
      where: target,
    });
  }
  const manifest = parseIntegrityManifest(Buffer.from(raw).toString('utf8'));
  // Judge the files alone (signatures stripped), with the same verifier hosts use.
  const unsigned = { ...manifest, signatures: [] };
  const check = new Map(source.contents);
  check.set(INTEGRITY_FILE, Buffer.from(serializeIntegrityManifest(unsigned)));
  const verdict = verifyIntegrity(check);
  if (verdict.error !== undefined) throw verdict.error;
  // Co-signatures that no longer verify are dropped: they would make every verifier refuse.
  const payload = integrityPayload(manifest);
  const kept = manifest.signatures.filter((s) => verifyPayload(payload, s.keyId, s.signature));
  const signed = signIntegrityManifest({ ...manifest, signatures: kept }, key);
  const text = Buffer.from(serializeIntegrityManifest(signed));
  if (source.kind === 'dir') {
    await writeFile(join(source.path, INTEGRITY_FILE), text);
  } else {
    const entries = source.entries.map((e) =>
      e.path === INTEGRITY_FILE ? { ...e, content: text } : e,
    );
    await writeFile(source.path, writeTarball(entries));
  }
  return {
    file: source.path,
    plugin: verdict.plugin,
    keyId: keyIdOf(key),
    signers: signed.signatures.map((s) => s.keyId),
  };
}

function readName(bytes: Uint8Array | null | undefined): string | undefined {
  try {
    const name = (JSON.parse(Buffer.from(bytes ?? []).toString('utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
