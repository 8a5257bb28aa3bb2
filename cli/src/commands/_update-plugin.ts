import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createError, isStackPluginError, MANIFEST_FILE, pdkErrors } from '@stack-plugin/pdk';
import semver from 'semver';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';
import { activationCheck, hostAccepts } from './_check-installed-plugin.js';
import * as project from './_host-project.js';
import { installVerified } from './_install-plugin.js';
import { runNpm } from './_npm.js';
import { readTarball } from './_tarball.js';

/** The outcome of updating one plugin. */
export interface UpdateOutcome {
  readonly name: string;
  readonly from: string;
  /** The version now installed (equal to `from` when nothing changed). */
  readonly to: string;
  readonly range: string;
  readonly status: 'updated' | 'up-to-date' | 'rolled-back';
  /** Newer versions in range passed over because their `host` range excludes this host. */
  readonly skipped: ReadonlyArray<{ version: string; host: string }>;
  /** The version that was tried and rolled back. */
  readonly attempted?: string;
  /** Why the update was rolled back. */
  readonly error?: unknown;
}

/** How many newer versions to inspect for host compatibility before giving up. */
const MAX_CANDIDATES = 5;

/**
 * Update one installed plugin within its package.json range: pick the newest version in the
 * range whose `host` range accepts this host (read from the version's own tarball), install
 * it through the verified install path (consent again when it asks for more than was
 * granted), keep the declared range as it was, run an activation check in a real host, and
 * restore the previous version exactly if anything fails.
 */
export async function updatePlugin(
  host: project.HostProject,
  name: string,
  options: {
    io: CommandIo;
    registry: readonly string[];
    /** Consent to widened permissions given up front (`--yes` / `--accept-permissions`). */
    accepted: boolean;
  },
): Promise<UpdateOutcome> {
  const npm = (args: string[]) =>
    runNpm([...args, ...options.registry], { cwd: host.root, env: options.io.env });
  const from = await project.installedVersion(host, name);
  if (from === undefined) throw createError(cliErrors.PACKAGE_NOT_INSTALLED, { plugin: name });
  const range = (await project.declaredRange(host, name)) ?? '*';
  const { stdout } = await npm(['view', '--json', name, 'versions']);
  const parsed = JSON.parse(stdout) as string[] | string;
  const versions = Array.isArray(parsed) ? parsed : [parsed];
  const newer = versions
    .filter(
      (v) =>
        semver.valid(v) !== null &&
        semver.gt(v, from) &&
        semver.satisfies(v, range, { includePrerelease: semver.prerelease(from) !== null }),
    )
    .sort(semver.rcompare);
  const skipped: Array<{ version: string; host: string }> = [];
  let target: string | undefined;
  for (const version of newer.slice(0, MAX_CANDIDATES)) {
    const hostRange = await hostRangeOf(name, version, npm);
    if (hostRange !== undefined && hostAccepts(hostRange)) {
      target = version;
      break;
    }
    skipped.push({ version, host: hostRange ?? `(no ${MANIFEST_FILE})` });
  }
  if (target === undefined) return { name, from, to: from, range, status: 'up-to-date', skipped };

  const config = await project.readHostConfig(host);
  const granted = config.plugins.find((entry) => entry.package === name)?.permissions;
  try {
    await installVerified({
      host,
      spec: `${name}@${target}`,
      io: options.io,
      registry: options.registry,
      policy: config.policy as never,
      accepted: options.accepted,
      command: 'update',
      // Recorded grants are what a widened update is compared with; none recorded: ask for all.
      granted: Array.isArray(granted) ? (granted as string[]) : [],
      range,
      afterInstall: async () => {
        const activation = await activationCheck(host, name, options.io.env);
        if (!activation.ok) throw activation.error;
      },
    });
    return { name, from, to: target, range, status: 'updated', skipped };
  } catch (error) {
    // No consent is no failure of the new version: report it as the usage error it is.
    if (isStackPluginError(error) && error.code === cliErrors.BAD_USAGE.code) throw error;
    const restored = await project.installedVersion(host, name);
    if (restored !== from) {
      throw createError(
        pdkErrors.INTERNAL,
        { detail: `rolling ${name} back to ${from} left ${restored ?? 'nothing'} installed` },
        { cause: error },
      );
    }
    return {
      name,
      from,
      to: from,
      range,
      status: 'rolled-back',
      skipped,
      attempted: target,
      error,
    };
  }
}

/** The `host` range in a published version's stack-plugin.json, read from its tarball. */
async function hostRangeOf(
  name: string,
  version: string,
  npm: (args: string[]) => Promise<{ stdout: string }>,
): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-plugin-update-'));
  try {
    const { stdout } = await npm([
      'pack',
      '--json',
      '--pack-destination',
      dir,
      `${name}@${version}`,
    ]);
    const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
    const entries = readTarball(await readFile(join(dir, report?.filename ?? '')));
    const manifest = entries.find((e) => e.path === MANIFEST_FILE)?.content;
    if (manifest === undefined) return undefined;
    const host = (JSON.parse(Buffer.from(manifest).toString('utf8')) as { host?: unknown }).host;
    return typeof host === 'string' ? host : undefined;
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
