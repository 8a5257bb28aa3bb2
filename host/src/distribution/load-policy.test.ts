import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
import { createHost } from '../host/create-host.js';

const author = generateSigningKeyPair();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A plugin folder with one command, packed (and optionally signed) like `stack-plugin pack`. */
async function plugin(options: { sign: boolean }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-load-policy-'));
  dirs.push(dir);
  const files: Array<[string, string]> = [
    [
      'package.json',
      JSON.stringify({
        name: 'signed-echo',
        version: '1.0.0',
        type: 'module',
        main: 'index.js',
        keywords: ['stack-plugin'],
      }),
    ],
    [
      'stack-plugin.json',
      JSON.stringify({
        category: 'micro',
        host: '^1.0.0',
        contributes: { commands: [{ id: 'echo.say' }] },
      }),
    ],
    [
      'index.js',
      "export default { async activate(ctx) { await ctx.commands.register('echo.say', (i) => i); } };\n",
    ],
  ];
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  let manifest = createIntegrityManifest({ name: 'signed-echo', version: '1.0.0' }, files);
  if (options.sign)
    manifest = signIntegrityManifest(manifest, parsePrivateKey(author.privateKeyPem));
  await writeFile(join(dir, INTEGRITY_FILE), serializeIntegrityManifest(manifest));
  return dir;
}

const policy = { requireSignatures: true, trustedKeys: [author.keyId] };

/** A separate workspace root, so host state never lands inside the plugin folder. */
async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'stack-load-policy-root-'));
  dirs.push(root);
  return root;
}

describe('createHost with requireSignatures', () => {
  it('loads and runs a signed, intact plugin', async () => {
    const dir = await plugin({ sign: true });
    const host = createHost({
      root: await workspace(),
      config: { plugins: [{ path: dir }], policy },
    });
    await host.start();
    expect(await host.execute('echo.say', { hi: 1 })).toEqual({ hi: 1 });
    await host.stop();
  });

  it('refuses to load a tampered file with INTEGRITY_MISMATCH naming it', async () => {
    const dir = await plugin({ sign: true });
    await writeFile(
      join(dir, 'index.js'),
      'export default { activate() { globalThis.pwned = true; } };\n',
    );
    const host = createHost({ root: await workspace(), config: { plugins: [], policy } });
    await expect(host.load({ path: dir })).rejects.toMatchObject({
      code: 'INTEGRITY_MISMATCH',
      plugin: 'signed-echo',
      message: expect.stringMatching(/^"index\.js" of "signed-echo" does not match/),
    });
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('refuses to load an unsigned plugin with SIGNATURE_MISSING', async () => {
    const dir = await plugin({ sign: false });
    const host = createHost({ root: await workspace(), config: { plugins: [], policy } });
    await expect(host.load({ path: dir })).rejects.toMatchObject({ code: 'SIGNATURE_MISSING' });
  });
});
