import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE } from '@stack-plugin/pdk';
import { readTarball } from './_tarball.js';

/** Runs npm with the command's registry settings (see `runNpm`). */
export type NpmRunner = (args: string[]) => Promise<{ stdout: string }>;

/**
 * The `stack-plugin.json` of a published version, read from its own tarball (`npm pack`, no
 * scripts, through the bounded tarball reader): the registry's metadata does not carry the
 * manifest. Undefined when the version has none or it is not JSON.
 */
export async function publishedManifest(
  name: string,
  version: string,
  npm: NpmRunner,
): Promise<Record<string, unknown> | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-plugin-manifest-'));
  try {
    const { stdout } = await npm([
      'pack',
      '--json',
      '--ignore-scripts',
      '--pack-destination',
      dir,
      `${name}@${version}`,
    ]);
    const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
    const entries = readTarball(await readFile(join(dir, report?.filename ?? '')));
    const manifest = entries.find((e) => e.path === MANIFEST_FILE)?.content;
    if (manifest === undefined) return undefined;
    const parsed: unknown = JSON.parse(Buffer.from(manifest).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every published version of `name` (`npm view <name> versions`). */
export async function publishedVersions(name: string, npm: NpmRunner): Promise<string[]> {
  const { stdout } = await npm(['view', '--json', name, 'versions']);
  const parsed = JSON.parse(stdout) as string[] | string;
  return Array.isArray(parsed) ? parsed : [parsed];
}
