import { createError, isStackPluginError, MANIFEST_FILE, pdkErrors } from '@stack-plugin/pdk';
import semver from 'semver';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';
import { activationCheck, hostAccepts } from './_check-installed-plugin.js';
import { isConsentRefusal } from './_consent.js';
import * as project from './_host-project.js';
import { installVerified } from './_install-plugin.js';
import { runNpm } from './_npm.js';
import { publishedManifest, publishedVersions } from './_published-manifest.js';

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
  const versions = await publishedVersions(name, npm);
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
    const host = (await publishedManifest(name, version, npm))?.host;
    const hostRange = typeof host === 'string' ? host : undefined;
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
    // No consent is no failure of the new version: report it as the refusal it is.
    if (isConsentRefusal(error)) throw error;
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
