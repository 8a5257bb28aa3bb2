import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { toClause } from '../errors/define-errors.js';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';

/** A freshly generated ed25519 key pair, in the forms the tools read. */
export interface SigningKeyPair {
  /** PKCS#8 PEM private key: keep it secret; `stack-plugin sign --key` reads it. */
  readonly privateKeyPem: string;
  /** SPKI PEM public key. */
  readonly publicKeyPem: string;
  /** The compact public key, `ed25519:<base64url>`, as written in `policy.trustedKeys`. */
  readonly keyId: string;
}

const KEY_ID_PREFIX = 'ed25519:';

/** Generate an ed25519 key pair for signing plugin packages. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** The compact form `ed25519:<base64url of the raw 32-byte key>` of a public (or private) key. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  return `${KEY_ID_PREFIX}${jwk.x}`;
}

/**
 * Read an ed25519 private key from PEM (PKCS#8, as `stack-plugin keygen` writes it).
 *
 * @throws {@link StackPluginError} `SIGNATURE_KEY_INVALID`.
 */
export function parsePrivateKey(pem: string, what = 'The private key'): KeyObject {
  return readEd25519Key(what, () => createPrivateKey(pem));
}

/**
 * Read an ed25519 public key given as `ed25519:<base64url>` or as PEM (SPKI; a private key PEM
 * is accepted too and reduced to its public half).
 *
 * @throws {@link StackPluginError} `SIGNATURE_KEY_INVALID`.
 */
export function parsePublicKey(text: string, what = 'The public key'): KeyObject {
  const trimmed = text.trim();
  return readEd25519Key(what, () => {
    if (!trimmed.startsWith(KEY_ID_PREFIX)) return createPublicKey(trimmed);
    const x = trimmed.slice(KEY_ID_PREFIX.length);
    if (Buffer.from(x, 'base64url').length !== 32) throw new Error('it is not 32 bytes long');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  });
}

/** Normalize a trusted key (PEM or compact) to its compact `ed25519:` form. */
export function normalizeKeyId(text: string, what?: string): string {
  return keyIdOf(parsePublicKey(text, what));
}

/** Sign `payload` with an ed25519 private key; returns the base64 signature. */
export function signPayload(payload: Uint8Array, privateKey: KeyObject): string {
  return sign(null, payload, privateKey).toString('base64');
}

/** Whether `signature` (base64) is a valid ed25519 signature of `payload` by `keyId`. */
export function verifyPayload(payload: Uint8Array, keyId: string, signature: string): boolean {
  let key: KeyObject;
  try {
    key = parsePublicKey(keyId);
  } catch {
    return false;
  }
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64) return false;
  return verify(null, payload, key, bytes);
}

/** Runs `create`, turning its failure or a key of another type into `SIGNATURE_KEY_INVALID`. */
function readEd25519Key(what: string, create: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = create();
  } catch (error) {
    throw createError(
      pdkErrors.SIGNATURE_KEY_INVALID,
      { what, detail: toClause(error) },
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw createError(pdkErrors.SIGNATURE_KEY_INVALID, {
      what,
      detail: `it is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`,
    });
  }
  return key;
}
