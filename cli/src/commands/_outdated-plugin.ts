import { join } from 'node:path';
import { HOST_API_VERSION } from '@stack-plugin/host/distribution';
import {
  createError,
  type ErrorJson,
  MANIFEST_FILE,
  readPluginPackage,
  toErrorJson,
} from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import semver from 'semver';
import { printable } from '../_printable.js';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';
import { hostAccepts } from './_check-installed-plugin.js';
import * as project from './_host-project.js';
import { runNpm } from './_npm.js';
import { type DescribedPermission, describePermissions } from './_plugin-summary.js';
import { type NpmRunner, publishedManifest, publishedVersions } from './_published-manifest.js';

/** The newest version of one group (in range, beyond it), read from its published manifest. */
export interface NewerVersion {
  readonly version: string;
  /** Its manifest's `host` range (undefined: it has no readable stack-plugin.json). */
  readonly host: string | undefined;
  /** Whether that range accepts this host's API version. */
  readonly hostAccepts: boolean;
  /** Permissions it asks for beyond those granted now, with risk and plain-language text. */
  readonly addedPermissions: readonly DescribedPermission[];
}

/** What `outdated` reports for one plugin. */
export interface OutdatedPlugin {
  readonly name: string;
  readonly installed: string | undefined;
  /** The range the project's package.json declares (`*` when it declares none). */
  readonly range: string;
  /** Newer published versions the range allows, newest first. */
  readonly inRange: readonly string[];
  /** Newer published versions outside the range, newest first. */
  readonly beyond: readonly string[];
  readonly newestInRange?: NewerVersion;
  readonly newestBeyond?: NewerVersion;
  /** Why the plugin could not be checked (not installed, not on the registry). */
  readonly error?: ErrorJson['error'];
}

/**
 * Compare one installed plugin with what its registry publishes (npm, with the user's
 * configuration, as `update` does): newer versions inside and beyond the range package.json
 * declares, and, for the newest of each, whether its `host` range accepts this host and which
 * permissions it would add to those granted (the grants recorded in stack.config.json, else
 * the installed manifest's). Prereleases count only when a prerelease is installed.
 */
export async function outdatedPlugin(
  host: project.HostProject,
  name: string,
  options: {
    readonly io: CommandIo;
    readonly registry: readonly string[];
    /** Grants recorded in stack.config.json for the plugin, if any. */
    readonly granted: readonly string[] | undefined;
  },
): Promise<OutdatedPlugin> {
  const npm: NpmRunner = (args) =>
    runNpm([...args, ...options.registry], { cwd: host.root, env: options.io.env });
  const installed = await project.installedVersion(host, name);
  const range = (await project.declaredRange(host, name)) ?? '*';
  const base = { name, installed, range, inRange: [], beyond: [] };
  if (installed === undefined) {
    return {
      ...base,
      error: createError(cliErrors.PACKAGE_NOT_INSTALLED, { plugin: name }).toJSON(),
    };
  }
  let versions: string[];
  try {
    versions = await publishedVersions(name, npm);
  } catch (error) {
    return { ...base, error: toErrorJson(error).error };
  }
  const prerelease = semver.prerelease(installed) !== null;
  const newer = versions
    .filter((v) => semver.valid(v) !== null && semver.gt(v, installed))
    .filter((v) => prerelease || semver.prerelease(v) === null)
    .sort(semver.rcompare);
  const inRange = newer.filter((v) =>
    semver.satisfies(v, range, { includePrerelease: prerelease }),
  );
  const beyond = newer.filter((v) => !inRange.includes(v));
  const granted = new Set(
    options.granted ??
      (await readPluginPackage(join(host.root, 'node_modules', name)).catch(() => undefined))
        ?.manifest.permissions ??
      [],
  );
  const describe = async (version: string | undefined): Promise<NewerVersion | undefined> => {
    if (version === undefined) return undefined;
    const manifest = await publishedManifest(name, version, npm);
    const hostRange = typeof manifest?.host === 'string' ? manifest.host : undefined;
    const asked = Array.isArray(manifest?.permissions)
      ? manifest.permissions.filter((p): p is string => typeof p === 'string')
      : [];
    return {
      version,
      host: hostRange,
      hostAccepts: hostRange !== undefined && hostAccepts(hostRange),
      addedPermissions: describePermissions(asked.filter((p) => !granted.has(p))),
    };
  };
  const newestInRange = await describe(inRange[0]);
  const newestBeyond = await describe(beyond[0]);
  return {
    ...base,
    inRange,
    beyond,
    ...(newestInRange === undefined ? {} : { newestInRange }),
    ...(newestBeyond === undefined ? {} : { newestBeyond }),
  };
}

/** `outdated` as text: one block per plugin, the newest of each group with what it changes. */
export function formatOutdated(outcomes: readonly OutdatedPlugin[], color: boolean): string {
  const c = createColors(color);
  if (outcomes.length === 0)
    return 'No installed plugins in the config (only "package" entries come from a registry).\n';
  const lines: string[] = [];
  const newest = (label: string, v: NewerVersion | undefined) => {
    if (v === undefined) return;
    const host =
      v.host === undefined
        ? c.red(`no ${MANIFEST_FILE}`)
        : `host API ${printable(v.host)} ${v.hostAccepts ? '(accepted)' : c.red(`(not accepted by this host, ${HOST_API_VERSION})`)}`;
    const adds = v.addedPermissions.length === 0 ? '; adds no permissions' : '; adds permissions:';
    lines.push(`    ${label} ${printable(v.version)}: ${host}${adds}`);
    for (const p of v.addedPermissions) {
      lines.push(`      ${p.risk.padEnd(8)} ${printable(p.permission)}  ${printable(p.summary)}`);
    }
  };
  for (const o of outcomes) {
    const head = `${c.bold(printable(o.name))} ${printable(o.installed ?? 'not installed')}  range ${printable(o.range)}`;
    if (o.error !== undefined) {
      lines.push(head, `  ${c.red('error')}: ${printable(o.error.message)}`);
      continue;
    }
    if (o.inRange.length === 0 && o.beyond.length === 0) {
      lines.push(`${head}  ${c.green('up to date')}`);
      continue;
    }
    lines.push(head);
    if (o.inRange.length > 0) {
      lines.push(`  in range: ${o.inRange.map(printable).join(', ')}`);
      newest('newest', o.newestInRange);
    }
    if (o.beyond.length > 0) {
      lines.push(`  beyond the range: ${o.beyond.map(printable).join(', ')}`);
      newest('newest', o.newestBeyond);
    }
  }
  return `${lines.join('\n')}\n`;
}
