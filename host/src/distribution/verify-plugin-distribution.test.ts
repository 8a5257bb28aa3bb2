import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIntegrityManifest,
  generateSigningKeyPair,
  INTEGRITY_FILE,
  parsePrivateKey,
  serializeIntegrityManifest,
  signIntegrityManifest,
} from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPluginDistribution } from './verify-plugin-distribution.js';

const author = generateSigningKeyPair();
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** An installed plugin folder; with `sign`, packed and signed by `author`. */
async function installed(options: { pack: boolean; sign?: boolean }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-distribution-'));
  dirs.push(dir);
  const files: Array<[string, string]> = [
    ['package.json', JSON.stringify({ name: 'p', version: '1.0.0', main: 'index.js' })],
    ['stack-plugin.json', JSON.stringify({ category: 'micro', host: '^1.0.0' })],
    ['index.js', 'export default { activate() {} };\n'],
  ];
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  if (options.pack) {
    let manifest = createIntegrityManifest({ name: 'p', version: '1.0.0' }, files);
    if (options.sign === true)
      manifest = signIntegrityManifest(manifest, parsePrivateKey(author.privateKeyPem));
    await writeFile(join(dir, INTEGRITY_FILE), serializeIntegrityManifest(manifest));
  }
  return dir;
}

const required = { requireSignatures: true, trustedKeys: [author.keyId] };

describe('verifyPluginDistribution', () => {
  it('skips a package without integrity manifest when signatures are not required', async () => {
    const dir = await installed({ pack: false });
    expect(await verifyPluginDistribution({ dir, plugin: 'p', policy: {} })).toBeUndefined();
  });

  it('refuses the same package when signatures are required', async () => {
    const dir = await installed({ pack: false });
    await expect(
      verifyPluginDistribution({ dir, plugin: 'p', policy: required }),
    ).rejects.toMatchObject({
      code: 'SIGNATURE_MISSING',
      plugin: 'p',
    });
  });

  it('checks a packed package even without a policy: a tampered file never loads', async () => {
    const dir = await installed({ pack: true });
    await writeFile(join(dir, 'index.js'), 'export default { activate() { steal(); } };\n');
    await expect(verifyPluginDistribution({ dir, plugin: 'p', policy: {} })).rejects.toMatchObject({
      code: 'INTEGRITY_MISMATCH',
      message: expect.stringMatching(/^"index\.js" of "p" does not match/),
    });
  });

  it('refuses files injected into a nested node_modules of a signed package', async () => {
    const dir = await installed({ pack: true, sign: true });
    await mkdir(join(dir, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(dir, 'node_modules', 'dep', 'index.js'), 'steal();\n');
    await expect(
      verifyPluginDistribution({ dir, plugin: 'p', policy: required }),
    ).rejects.toMatchObject({
      code: 'INTEGRITY_UNEXPECTED_FILE',
      message: expect.stringMatching(/^"node_modules\/dep\/index\.js" is in the package of "p"/),
    });
  });

  it('accepts a signed, intact package and returns the verdict', async () => {
    const dir = await installed({ pack: true, sign: true });
    expect(await verifyPluginDistribution({ dir, plugin: 'p', policy: required })).toMatchObject({
      ok: true,
      files: 3,
      trustedSigners: [author.keyId],
    });
  });

  it('refuses a packed but unsigned package when signatures are required', async () => {
    const dir = await installed({ pack: true });
    await expect(
      verifyPluginDistribution({ dir, plugin: 'p', policy: required }),
    ).rejects.toMatchObject({
      code: 'SIGNATURE_MISSING',
    });
  });
});
