import { describe, expect, it } from 'vitest';
import { INTEGRITY_FILE } from './canonical-path.js';
import { createIntegrityManifest, signIntegrityManifest } from './create-integrity-manifest.js';
import {
  type IntegrityManifest,
  integrityPayload,
  parseIntegrityManifest,
  serializeIntegrityManifest,
} from './integrity-manifest.js';
import { generateSigningKeyPair, parsePrivateKey } from './signing-key.js';
import { type PackageContents, verifyIntegrity } from './verify-integrity.js';

const author = generateSigningKeyPair();
const stranger = generateSigningKeyPair();

const text = (s: string) => Buffer.from(s, 'utf8');

function packageFiles(version = '1.0.0'): Map<string, Uint8Array | null> {
  return new Map<string, Uint8Array | null>([
    ['package.json', text(JSON.stringify({ name: 'demo-plugin', version }))],
    ['stack-plugin.json', text('{"category":"micro","host":"^1.0.0"}')],
    ['dist/index.js', text('export default { activate() {} };\n')],
  ]);
}

/** A packed package: its files plus the integrity manifest, signed by `keys`. */
function packed(keys = [author], version = '1.0.0'): Map<string, Uint8Array | null> {
  const files = packageFiles(version);
  let manifest = createIntegrityManifest(
    { name: 'demo-plugin', version },
    [...files].map(([p, c]) => [p, c as Uint8Array] as const),
  );
  for (const key of keys)
    manifest = signIntegrityManifest(manifest, parsePrivateKey(key.privateKeyPem));
  files.set(INTEGRITY_FILE, text(serializeIntegrityManifest(manifest)));
  return files;
}

const manifestOf = (contents: PackageContents): IntegrityManifest =>
  parseIntegrityManifest(Buffer.from(contents.get(INTEGRITY_FILE) as Uint8Array).toString());

const required = { requireSignatures: true, trustedKeys: [author.keyId] };

describe('verifyIntegrity', () => {
  it('accepts an intact package signed by a trusted key', () => {
    const verdict = verifyIntegrity(packed(), required);
    expect(verdict).toEqual({
      ok: true,
      plugin: 'demo-plugin',
      files: 3,
      signers: [author.keyId],
      trustedSigners: [author.keyId],
      problems: [],
      error: undefined,
    });
  });

  it('accepts the trusted key given as PEM', () => {
    const verdict = verifyIntegrity(packed(), {
      requireSignatures: true,
      trustedKeys: [author.publicKeyPem],
    });
    expect(verdict.ok).toBe(true);
  });

  it('refuses a changed byte with INTEGRITY_MISMATCH naming the file', () => {
    const files = packed();
    const code = Buffer.from(files.get('dist/index.js') as Uint8Array);
    code[0] = code[0]! ^ 1;
    files.set('dist/index.js', code);
    const { error, problems } = verifyIntegrity(files, required);
    expect(problems).toEqual([{ code: 'INTEGRITY_MISMATCH', file: 'dist/index.js' }]);
    expect(error?.toJSON()).toMatchInlineSnapshot(`
      {
        "code": "INTEGRITY_MISMATCH",
        "hint": "Do not load this copy: reinstall the package from its registry, or pack and sign it again if you changed it on purpose.",
        "message": ""dist/index.js" of "demo-plugin" does not match the SHA-256 recorded in its integrity manifest, so the file was changed after the package was packed.",
        "plugin": "demo-plugin",
      }
    `);
  });

  it('refuses an added file with INTEGRITY_UNEXPECTED_FILE', () => {
    const files = packed();
    files.set('dist/extra.js', text('steal()'));
    expect(verifyIntegrity(files, required).error?.toJSON()).toMatchObject({
      code: 'INTEGRITY_UNEXPECTED_FILE',
      message: expect.stringMatching(/^"dist\/extra\.js" is in the package of "demo-plugin"/),
    });
  });

  it('refuses a removed file with INTEGRITY_FILE_MISSING', () => {
    const files = packed();
    files.delete('stack-plugin.json');
    expect(verifyIntegrity(files, required).problems).toEqual([
      { code: 'INTEGRITY_FILE_MISSING', file: 'stack-plugin.json' },
    ]);
  });

  it('refuses a signature swapped in from another release with SIGNATURE_INVALID', () => {
    const files = packed();
    const other = manifestOf(packed([author], '2.0.0'));
    const manifest = { ...manifestOf(files), signatures: other.signatures };
    files.set(INTEGRITY_FILE, text(serializeIntegrityManifest(manifest)));
    expect(verifyIntegrity(files, required).problems).toEqual([
      { code: 'SIGNATURE_INVALID', key: author.keyId },
    ]);
  });

  it('refuses a signature relabelled with a trusted key id with SIGNATURE_INVALID', () => {
    const files = packed([stranger]);
    const manifest = manifestOf(files);
    const relabelled = manifest.signatures.map((s) => ({ ...s, keyId: author.keyId }));
    files.set(
      INTEGRITY_FILE,
      text(serializeIntegrityManifest({ ...manifest, signatures: relabelled })),
    );
    expect(verifyIntegrity(files, required).error?.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses a key outside the trusted set with SIGNATURE_UNTRUSTED', () => {
    const verdict = verifyIntegrity(packed([stranger]), required);
    expect(verdict.problems).toEqual([{ code: 'SIGNATURE_UNTRUSTED', key: stranger.keyId }]);
    expect(verdict.error?.hint).toContain(`add "${stranger.keyId}" to "policy.trustedKeys"`);
  });

  it('accepts a package co-signed by an untrusted and a trusted key', () => {
    expect(verifyIntegrity(packed([stranger, author]), required).trustedSigners).toEqual([
      author.keyId,
    ]);
  });

  it('refuses an unsigned package with SIGNATURE_MISSING when signatures are required', () => {
    expect(verifyIntegrity(packed([]), required).error?.code).toBe('SIGNATURE_MISSING');
    expect(verifyIntegrity(packed([]), {}).ok).toBe(true);
  });

  it('refuses a package without integrity manifest: SIGNATURE_MISSING or INTEGRITY_MANIFEST_MISSING', () => {
    const files = packageFiles();
    expect(verifyIntegrity(files, required).error?.toJSON()).toMatchObject({
      code: 'SIGNATURE_MISSING',
      message: `"demo-plugin" is not signed (it has no ${INTEGRITY_FILE}), but the host policy requires signatures.`,
    });
    expect(verifyIntegrity(files).error?.code).toBe('INTEGRITY_MANIFEST_MISSING');
  });

  it('refuses a manifest made for another version with INTEGRITY_MANIFEST_INVALID', () => {
    const files = packed();
    files.set('package.json', text(JSON.stringify({ name: 'demo-plugin', version: '1.0.1' })));
    expect(verifyIntegrity(files).problems).toEqual([
      {
        code: 'INTEGRITY_MANIFEST_INVALID',
        detail: 'it was made for demo-plugin@1.0.0, not demo-plugin@1.0.1',
      },
    ]);
  });

  it('reports every file problem, the first one in the error with a count', () => {
    const files = packed([]);
    files.set('a.js', text('1'));
    files.delete('stack-plugin.json');
    files.set('dist/index.js', null);
    const verdict = verifyIntegrity(files);
    expect(verdict.problems.map((p) => `${p.code} ${p.file}`)).toEqual([
      'INTEGRITY_MISMATCH dist/index.js',
      'INTEGRITY_FILE_MISSING stack-plugin.json',
      'INTEGRITY_UNEXPECTED_FILE a.js',
    ]);
    expect(verdict.error?.message).toContain('integrity manifest (and 2 more problem(s)), so');
  });

  it('refuses a nested node_modules the manifest does not list (Node would load it first)', () => {
    const files = packed();
    files.set('node_modules/dep/index.js', text('x'));
    const verdict = verifyIntegrity(files, required);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => `${p.code} ${p.file}`)).toEqual([
      'INTEGRITY_UNEXPECTED_FILE node_modules/dep/index.js',
    ]);
  });

  it('throws SIGNATURE_KEY_INVALID for an unreadable trusted key', () => {
    expect(() => verifyIntegrity(packed(), { trustedKeys: ['ed25519:short'] })).toThrowError(
      expect.objectContaining({ code: 'SIGNATURE_KEY_INVALID' }),
    );
  });
});

describe('integrity manifest format', () => {
  it('signs a documented, line-based payload', () => {
    const manifest = createIntegrityManifest({ name: 'p', version: '1.0.0' }, [
      ['b.js', 'b'],
      ['a/z.js', 'z'],
      [INTEGRITY_FILE, 'skipped'],
    ]);
    expect(integrityPayload(manifest).toString()).toMatchInlineSnapshot(`
      "stack-plugin-integrity/1
      p@1.0.0
      594e519ae499312b29433b7dd8a97ff068defcba9755b6d5d00e84c524d67b06 a/z.js
      3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d b.js
      "
    `);
  });

  it('rejects paths that could escape the package or forge payload lines', () => {
    for (const path of ['../x', 'a//b', '/abs', 'a\\b', 'a\nb']) {
      expect(() => createIntegrityManifest({ name: 'p', version: '1' }, [[path, '']])).toThrowError(
        expect.objectContaining({ code: 'INTEGRITY_MANIFEST_INVALID' }),
      );
    }
  });

  it('round-trips through serialize and parse', () => {
    const manifest = manifestOf(packed([author, stranger]));
    expect(parseIntegrityManifest(serializeIntegrityManifest(manifest))).toEqual(manifest);
  });

  it('rejects a manifest whose hash is not hex SHA-256', () => {
    const bad = JSON.stringify({
      format: 'stack-plugin-integrity/1',
      algorithm: 'sha256',
      package: { name: 'p', version: '1' },
      files: { 'a.js': 'abc' },
    });
    expect(() => parseIntegrityManifest(bad, 'p')).toThrowErrorMatchingInlineSnapshot(
      `[StackPluginError: The integrity manifest stack-plugin.integrity.json of "p" is invalid: "files" has no lowercase hex SHA-256 for "a.js".]`,
    );
  });
});
