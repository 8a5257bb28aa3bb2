import { join } from 'node:path';
import {
  HOST_API_VERSION,
  type HostPolicy,
  hostErrors,
  reviewPluginPolicy,
} from '@stack-plugin/host/distribution';
import {
  createError,
  type PluginPackage,
  readPluginPackage,
  type StackPluginError,
} from '@stack-plugin/pdk';
import semver from 'semver';
import type { HostProject } from './_host-project.js';

/**
 * The checks a host would run before loading an installed plugin, without running its code:
 * a valid manifest (pdk), a `host` range that accepts this host's API version, the
 * integrity/signature policy of the project's config, and its governance rules (allow and deny
 * lists, maximum risk, isolation by risk), read by the host's own `reviewPluginPolicy`.
 *
 * @throws {@link StackPluginError} `MANIFEST_NOT_FOUND`, `MANIFEST_INVALID`, `HOST_INCOMPATIBLE`,
 * `INTEGRITY_*`, `SIGNATURE_*`, `POLICY_*`.
 */
export function checkInstalledPlugin(
  project: HostProject,
  name: string,
  policy: HostPolicy | undefined,
): Promise<PluginPackage> {
  return checkPluginFolder(join(project.root, 'node_modules', name), name, policy);
}

/**
 * {@link checkInstalledPlugin} for any package folder: an installed one, or a fetched tarball
 * unpacked before anything is installed.
 */
export async function checkPluginFolder(
  dir: string,
  name: string,
  policy: HostPolicy | undefined,
  onWarning?: (violation: StackPluginError) => void,
): Promise<PluginPackage> {
  const pkg = await readPluginPackage(dir);
  if (!hostAccepts(pkg.manifest.host)) {
    throw createError(hostErrors.HOST_INCOMPATIBLE, {
      plugin: name,
      range: pkg.manifest.host,
      version: HOST_API_VERSION,
    });
  }
  // The host would refuse it at load: refuse it before it is installed. In `mode: "warn"` the
  // host loads it and reports; so does `add`, through the same decision.
  const review = await reviewPluginPolicy({ dir, policy: policy ?? {} });
  if (review.outcome === 'refused') throw review.violations[0];
  for (const violation of review.violations) onWarning?.(violation);
  return pkg;
}

/** Whether a plugin's `host` range accepts this host's API version. */
export function hostAccepts(range: string): boolean {
  return semver.satisfies(HOST_API_VERSION, range, { includePrerelease: true });
}

/**
 * Start a host with the project's config and report whether `name` reached `active`, with the
 * error that stopped it. Everything is stopped again before returning.
 */
export async function activationCheck(
  project: HostProject,
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ ok: boolean; error?: unknown }> {
  // The whole runtime, loaded only here: the checks above need the distribution entry alone.
  const { createHost } = await import('@stack-plugin/host');
  const host = createHost({
    root: project.root,
    config: project.configFile,
    env: { ...env },
    services: { logger: { write() {} } },
  });
  let startError: unknown;
  try {
    await host.start();
  } catch (error) {
    startError = error;
  }
  // A lazy plugin is activated here, as its first use would.
  if (startError === undefined && host.plugin(name)?.state === 'lazy') {
    await host.enable(name).catch((error: unknown) => {
      startError = error;
    });
  }
  const status = host.plugin(name);
  await host.stop().catch(() => {});
  if (status?.state === 'active') return { ok: true };
  return {
    ok: false,
    error: status?.error ?? startError ?? new Error(`"${name}" was not activated`),
  };
}
