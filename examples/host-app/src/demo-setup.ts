/**
 * Sets up a working copy of the Acme host in a folder: its plugins, signed by a key made for the
 * occasion, a stack.config.json that trusts that key and nothing else, and a small workspace
 * for the `files` plugin. One plugin (`nightly`) is left unsigned, so the host refuses it.
 *
 * A real deployment gets signed plugins from their publishers (`stack-plugin pack` then
 * `stack-plugin sign`); this does the publisher's part with the same pdk functions.
 *
 * Usage: node src/demo-setup.ts <folder>
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createIntegrityManifest,
  generateSigningKeyPair,
  INTEGRITY_FILE,
  parsePrivateKey,
  readPackageDir,
  serializeIntegrityManifest,
  signIntegrityManifest,
} from '@stack-plugin/pdk';

/** The plugins shipped with the example, by folder under `plugins/`. */
export const DEMO_PLUGINS = ['text-tools', 'tickets', 'files', 'nightly'] as const;
const UNSIGNED = new Set<string>(['nightly']);

/** What {@link setUpDemo} made. */
export interface DemoSetup {
  readonly root: string;
  /** The key every signed plugin is signed with; stack.config.json trusts only it. */
  readonly keyId: string;
  readonly privateKeyPem: string;
}

/**
 * Write the integrity manifest of a plugin folder's current files, signed with `privateKeyPem`.
 * The old one is unlinked first and the new one created, as npm and tar replace files.
 */
export async function signPlugin(
  dir: string,
  pkg: { name: string; version: string },
  privateKeyPem: string,
): Promise<void> {
  const files = [...(await readPackageDir(dir))].filter(
    (entry): entry is [string, Uint8Array] => entry[0] !== INTEGRITY_FILE && entry[1] !== null,
  );
  const manifest = signIntegrityManifest(
    createIntegrityManifest(pkg, files),
    parsePrivateKey(privateKeyPem),
  );
  await rm(join(dir, INTEGRITY_FILE), { force: true });
  await writeFile(join(dir, INTEGRITY_FILE), serializeIntegrityManifest(manifest));
}

/** Copy the example's plugins into `target`, sign them, and write its stack.config.json. */
export async function setUpDemo(target: string): Promise<DemoSetup> {
  const root = resolve(target);
  const source = new URL('../plugins/', import.meta.url);
  const key = generateSigningKeyPair();
  await mkdir(join(root, 'plugins'), { recursive: true });
  for (const name of DEMO_PLUGINS) {
    const dir = join(root, 'plugins', name);
    await cp(new URL(`${name}/`, source), dir, { recursive: true });
    if (UNSIGNED.has(name)) continue;
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    await signPlugin(dir, pkg, key.privateKeyPem);
  }
  await mkdir(join(root, 'workspace', 'public'), { recursive: true });
  await mkdir(join(root, 'workspace', 'private'), { recursive: true });
  await writeFile(join(root, 'workspace', 'public', 'hello.txt'), 'Hello from the workspace.\n');
  await writeFile(join(root, 'workspace', 'private', 'payroll.txt'), 'Not for plugins.\n');
  const config = {
    plugins: DEMO_PLUGINS.map((name) => ({
      path: `plugins/${name}`,
      // The operator grants less than the plugin asks for: the public folder only.
      ...(name === 'files' ? { grant: ['fs:read:workspace/public/**'] } : {}),
    })),
    policy: { requireSignatures: true, trustedKeys: [key.keyId] },
    audit: { file: '.stack/audit.jsonl' },
  };
  await writeFile(join(root, 'stack.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return { root, keyId: key.keyId, privateKeyPem: key.privateKeyPem };
}

if (import.meta.main) {
  const target = process.argv[2];
  if (target === undefined) {
    process.stderr.write('usage: node src/demo-setup.ts <folder>\n');
    process.exit(2);
  }
  if ((await readdir(target).catch(() => [])).length > 0) {
    process.stderr.write(`demo-setup: ${target} is not empty; choose a new folder\n`);
    process.exit(1);
  }
  const setup = await setUpDemo(target);
  process.stdout.write(
    `Acme host set up in ${setup.root}; plugins signed by ${setup.keyId}.\nNext: node src/main.ts --root ${target} list\n`,
  );
}
