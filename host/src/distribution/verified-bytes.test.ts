// What is verified is what runs: the host loads the bytes it hashed, and verifies again for
// every new generation (enable after disable, reload), at every isolation level.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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
const policy = { requireSignatures: true, trustedKeys: [author.keyId] };
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const code = (answer: string) =>
  `export default { async activate(ctx) { await ctx.commands.register('who.says', () => '${answer}'); } };\n`;
const EVIL = code('swapped');

/** A signed plugin in its own parent folder (where the host writes its private copy). */
async function signedPlugin(isolation: string, permissions: string[] = []): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'stack-verified-bytes-'));
  dirs.push(parent);
  const dir = join(parent, 'who');
  await mkdir(dir);
  const files: Array<[string, string]> = [
    [
      'package.json',
      JSON.stringify({
        name: 'who',
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
        isolation,
        permissions,
        contributes: { commands: [{ id: 'who.says' }] },
      }),
    ],
    ['index.js', code('verified')],
  ];
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  const manifest = signIntegrityManifest(
    createIntegrityManifest({ name: 'who', version: '1.0.0' }, files),
    parsePrivateKey(author.privateKeyPem),
  );
  await writeFile(join(dir, INTEGRITY_FILE), serializeIntegrityManifest(manifest));
  return dir;
}

async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'stack-verified-bytes-root-'));
  dirs.push(root);
  return root;
}

describe.each(['none', 'limited'])('verified bytes at isolation %s', (isolation) => {
  it('runs the verified code when the file is swapped after verification, before start', async () => {
    const dir = await signedPlugin(isolation);
    const host = createHost({ root: await workspace(), config: { plugins: [], policy } });
    await host.start();
    // load() verifies without activating; the swap lands between the check and the import.
    await host.load({ path: dir }, { activate: false });
    await writeFile(join(dir, 'index.js'), EVIL);
    await host.enable('who');
    expect(await host.execute('who.says', {})).toBe('verified');
    await host.stop();
    // The private copy is gone once the code is loaded.
    expect((await readdir(join(dir, '..'))).filter((f) => f.startsWith('.stack-plugin'))).toEqual(
      [],
    );
  });

  it('verifies again on enable after disable, and on reload, once started', async () => {
    const dir = await signedPlugin(isolation);
    const host = createHost({
      root: await workspace(),
      config: { plugins: [{ path: dir }], policy },
    });
    await host.start();
    expect(await host.execute('who.says', {})).toBe('verified');
    await writeFile(join(dir, 'index.js'), EVIL);
    await host.disable('who');
    await expect(host.enable('who')).rejects.toMatchObject({
      code: 'INTEGRITY_MISMATCH',
      message: expect.stringMatching(/^"index\.js" of "who" does not match/),
    });
    await expect(host.reload('who')).rejects.toMatchObject({ code: 'INTEGRITY_MISMATCH' });
    await host.stop();
  });
});

describe('granted permissions', () => {
  it('refuses a plugin asking for a permission its config entry does not grant', async () => {
    const dir = await signedPlugin('none', ['state', 'net:api.example.com']);
    const root = await workspace();
    const granted = createHost({
      root,
      config: { plugins: [{ path: dir, permissions: ['state', 'net:api.example.com'] }], policy },
    });
    await granted.start();
    expect(granted.plugin('who')?.state).toBe('active');
    await granted.stop();
    const narrower = createHost({
      root,
      config: { plugins: [{ path: dir, permissions: ['state'] }], policy },
    });
    await expect(narrower.start()).rejects.toMatchObject({
      cause: {
        errors: [
          expect.objectContaining({
            code: 'PERMISSION_NOT_GRANTED',
            message: expect.stringMatching(/^"who" asks for "net:api\.example\.com", which/),
          }),
        ],
      },
    });
    await narrower.stop();
  });
});
