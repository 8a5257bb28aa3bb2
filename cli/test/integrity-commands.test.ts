import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPluginDistribution } from '@stack-plugin/host';
import {
  generateSigningKeyPair,
  INTEGRITY_FILE,
  parseIntegrityManifest,
  serializeIntegrityManifest,
} from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTarball, writeTarball } from '../src/commands/_tarball.js';
import { runCli } from '../src/main.js';

const fixture = join(import.meta.dirname, 'fixtures/packable-plugin');
const env = { ...process.env, NO_COLOR: '1' };
let work: string;
let tarball: string;
const author = generateSigningKeyPair();
const stranger = generateSigningKeyPair();

async function cli(...argv: string[]) {
  return runCli(argv, { cwd: work, env });
}

/** Extract a tarball into a fresh folder, as npm would install it. */
async function extract(file: string, name: string): Promise<string> {
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  for (const entry of readTarball(await readFile(file))) {
    const target = join(dir, entry.path);
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, entry.content);
  }
  return dir;
}

/** The verdict code of the CLI and of the host for the same folder and policy. */
async function bothVerdicts(dir: string, trusted: string[]) {
  const cliRun = await cli('verify', dir, '--json', ...trusted.flatMap((k) => ['--trusted', k]));
  const cliCode = cliRun.code === 0 ? 'OK' : (JSON.parse(cliRun.stderr).error.code as string);
  const hostCode = await verifyPluginDistribution({
    dir,
    plugin: 'stack-plugin-packable',
    policy: { requireSignatures: trusted.length > 0, trustedKeys: trusted },
  }).then(
    () => 'OK',
    (error: { code: string }) => error.code,
  );
  return { cli: cliCode, host: hostCode, cliVerdict: JSON.parse(cliRun.stdout) };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'stack-integrity-'));
  await writeFile(join(work, 'author.pem'), author.privateKeyPem);
  await writeFile(join(work, 'author.pub.pem'), author.publicKeyPem);
  const packed = await cli('pack', fixture, '--out', work, '--key', 'author.pem', '--json');
  expect(packed.stderr).toBe('');
  tarball = JSON.parse(packed.stdout).file;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('stack-plugin pack', () => {
  it('packs what npm would publish, plus a signed integrity manifest', async () => {
    const entries = readTarball(await readFile(tarball));
    expect(entries.map((e) => e.path)).toEqual([
      'lib/index.js',
      'package.json',
      'stack-plugin.json',
      INTEGRITY_FILE,
    ]);
    const manifest = parseIntegrityManifest(
      Buffer.from(entries.at(-1)?.content as Uint8Array).toString(),
    );
    expect(Object.keys(manifest.files)).toEqual([
      'lib/index.js',
      'package.json',
      'stack-plugin.json',
    ]);
    expect(manifest.signatures.map((s) => s.keyId)).toEqual([author.keyId]);
  });

  it('is reproducible: packing twice gives the same bytes', async () => {
    const again = await cli('pack', fixture, '--out', join(work, 'again'), '--key', 'author.pem');
    expect(again.code).toBe(0);
    // Signed, so what is left is publishing; an unsigned pack would name `sign` first.
    expect(again.stdout).toMatch(/^Next: npm publish .*stack-plugin-packable-1\.0\.0\.tgz$/m);
    const first = await readFile(tarball);
    const second = await readFile(join(work, 'again', 'stack-plugin-packable-1.0.0.tgz'));
    expect(second.equals(first)).toBe(true);
  });

  it('writes a tarball npm itself reads', async () => {
    const { runNpm } = await import('../src/commands/_npm.js');
    const { stdout } = await runNpm(['pack', '--dry-run', '--json', tarball], { cwd: work, env });
    const [report] = JSON.parse(stdout) as Array<{ name: string; files: Array<{ path: string }> }>;
    expect(report?.name).toBe('stack-plugin-packable');
    expect(report?.files.map((f) => f.path).sort()).toEqual(
      ['lib/index.js', 'package.json', 'stack-plugin.json', INTEGRITY_FILE].sort(),
    );
  });
});

describe('stack-plugin verify and the host agree', () => {
  it('accept the intact package', async () => {
    const dir = await extract(tarball, 'intact');
    const result = await bothVerdicts(dir, [author.keyId]);
    expect([result.cli, result.host]).toEqual(['OK', 'OK']);
    expect(result.cliVerdict).toMatchObject({ ok: true, files: 3, trustedSigners: [author.keyId] });
  });

  const tampers: Array<[string, string, (dir: string) => Promise<void>, string[]?]> = [
    [
      'a changed byte',
      'INTEGRITY_MISMATCH',
      (d) => writeFile(join(d, 'lib/index.js'), 'export default {};\n'),
    ],
    ['an added file', 'INTEGRITY_UNEXPECTED_FILE', (d) => writeFile(join(d, 'lib/extra.js'), '1')],
    ['a removed file', 'INTEGRITY_FILE_MISSING', (d) => rm(join(d, 'stack-plugin.json'))],
    [
      'a file replaced by a symlink',
      'INTEGRITY_MISMATCH',
      async (d) => {
        await rm(join(d, 'lib/index.js'));
        await symlink(join(fixture, 'lib/index.js'), join(d, 'lib/index.js'));
      },
    ],
    [
      'a swapped signature',
      'SIGNATURE_INVALID',
      async (d) => {
        const file = join(d, INTEGRITY_FILE);
        const manifest = parseIntegrityManifest(await readFile(file, 'utf8'));
        const forged = { ...manifest, package: { ...manifest.package, version: '9.9.9' } };
        const { signIntegrityManifest, parsePrivateKey } = await import('@stack-plugin/pdk');
        const other = signIntegrityManifest(forged, parsePrivateKey(author.privateKeyPem));
        await writeFile(
          file,
          serializeIntegrityManifest({ ...manifest, signatures: other.signatures }),
        );
      },
    ],
    ['a key not in the trusted set', 'SIGNATURE_UNTRUSTED', async () => {}, [stranger.keyId]],
  ];

  it.each(tampers)('refuse %s with %s', async (name, code, tamper, trusted = [author.keyId]) => {
    const dir = await extract(tarball, name.replaceAll(' ', '-'));
    await tamper(dir);
    const result = await bothVerdicts(dir, trusted);
    expect({ cli: result.cli, host: result.host }).toEqual({ cli: code, host: code });
  });

  it('refuse an unsigned package when signatures are required, accept it otherwise', async () => {
    const packed = await cli('pack', fixture, '--out', join(work, 'unsigned'), '--json');
    const dir = await extract(JSON.parse(packed.stdout).file, 'unsigned-dir');
    const human = await cli('pack', fixture, '--out', join(work, 'unsigned-human'));
    expect(human.stdout).toMatch(
      /^Next: stack-plugin sign \S+\.tgz --key <private-key\.pem>, then npm publish /m,
    );
    expect(await bothVerdicts(dir, [author.keyId])).toMatchObject({
      cli: 'SIGNATURE_MISSING',
      host: 'SIGNATURE_MISSING',
    });
    expect(await bothVerdicts(dir, [])).toMatchObject({ cli: 'OK', host: 'OK' });
  });

  it('name the changed file in the error', async () => {
    const dir = await extract(tarball, 'named');
    await writeFile(join(dir, 'lib/index.js'), 'export default {};\n');
    const run = await cli('verify', dir, '--trusted', author.keyId, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: 'INTEGRITY_MISMATCH',
        message:
          '"lib/index.js" of "stack-plugin-packable" does not match the SHA-256 recorded in its integrity manifest, so the file was changed after the package was packed.',
        hint: 'Do not load this copy: reinstall the package from its registry, or pack and sign it again if you changed it on purpose.',
        plugin: 'stack-plugin-packable',
      },
    });
  });
});

describe('stack-plugin verify on tarballs', () => {
  it('accepts the packed tarball with the public key file', async () => {
    const run = await cli('verify', tarball, '--key', 'author.pub.pem');
    expect(run).toEqual({
      code: 0,
      stdout: `OK stack-plugin-packable: 3 files intact, signed by trusted ${author.keyId}\n`,
      stderr: '',
    });
  });

  it('refuses a tarball with a changed byte', async () => {
    const entries = readTarball(await readFile(tarball)).map((e) =>
      e.path === 'stack-plugin.json' ? { ...e, content: Buffer.from('{}') } : e,
    );
    const bad = join(work, 'bad.tgz');
    await writeFile(bad, writeTarball(entries));
    const run = await cli('verify', bad, '--json');
    expect(JSON.parse(run.stderr).error.code).toBe('INTEGRITY_MISMATCH');
    expect(JSON.parse(run.stdout).problems).toEqual([
      { code: 'INTEGRITY_MISMATCH', file: 'stack-plugin.json' },
    ]);
  });
});

describe('stack-plugin sign', () => {
  it('co-signs a tarball, and refuses to sign tampered content', async () => {
    const copy = join(work, 'cosign.tgz');
    await cp(tarball, copy);
    await writeFile(join(work, 'stranger.pem'), stranger.privateKeyPem);
    const signed = await cli('sign', copy, '--key', 'stranger.pem', '--json');
    expect(JSON.parse(signed.stdout).signers).toEqual([author.keyId, stranger.keyId]);
    expect((await cli('verify', copy, '--trusted', stranger.keyId)).code).toBe(0);

    const dir = await extract(tarball, 'sign-tampered');
    await writeFile(join(dir, 'lib/index.js'), 'evil()');
    const refused = await cli('sign', dir, '--key', 'stranger.pem', '--json');
    expect(JSON.parse(refused.stderr).error.code).toBe('INTEGRITY_MISMATCH');
  });

  it('refuses to co-sign a pack with files injected under package/node_modules/', async () => {
    const entries = [
      ...readTarball(await readFile(tarball)),
      { path: 'node_modules/lodash/index.js', content: Buffer.from('steal()') },
    ];
    const injected = join(work, 'injected.tgz');
    await writeFile(injected, writeTarball(entries));
    await writeFile(join(work, 'stranger.pem'), stranger.privateKeyPem);
    const refused = await cli('sign', injected, '--key', 'stranger.pem', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error).toMatchObject({
      code: 'INTEGRITY_UNEXPECTED_FILE',
      message: expect.stringMatching(/^"node_modules\/lodash\/index\.js" is in the package/),
    });
    const verified = await cli('verify', injected, '--json');
    expect(JSON.parse(verified.stderr).error.code).toBe('INTEGRITY_UNEXPECTED_FILE');
  });

  it('needs a key', async () => {
    const run = await cli('sign', tarball);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --key <file.pem> or set STACK_PLUGIN_SIGNING_KEY');
  });

  it('keygen writes a key pair that pack signs with', async () => {
    const run = await cli('keygen', '--out', 'k/release.pem', '--json');
    const { keyId } = JSON.parse(run.stdout) as { keyId: string };
    expect(keyId).toMatch(/^ed25519:[A-Za-z0-9_-]{43}$/);
    const again = await cli('keygen', '--out', 'k/release.pem');
    expect(again.code).toBe(2);
    const packed = await cli('pack', fixture, '--out', 'k', '--key', 'k/release.pem', '--json');
    expect(JSON.parse(packed.stdout).signers).toEqual([keyId]);
  });
});

describe('stack-plugin verify usage errors', () => {
  it('reports a missing path or a file that is not a tarball as bad usage', async () => {
    const missing = await cli('verify', 'nope.tgz', '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error.message).toBe(
      `${join(work, 'nope.tgz')} does not exist.`,
    );
    await writeFile(join(work, 'junk.tgz'), 'not a tarball at all, just text'.repeat(40));
    const junk = await cli('verify', 'junk.tgz', '--json');
    expect(junk.code).toBe(2);
    const { error } = JSON.parse(junk.stderr);
    expect(error.message).toBe(`${join(work, 'junk.tgz')} is not a package folder or tarball.`);
    // The reader's own error is listed with its code and hint, not pasted into the message.
    expect(error.errors).toEqual([
      {
        code: 'TARBALL_INVALID',
        message: expect.stringMatching(/checksum failure/),
        hint: expect.stringContaining('Pack it again'),
      },
    ]);
  });
});
