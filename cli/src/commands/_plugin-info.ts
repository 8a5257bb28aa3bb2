import { HOST_API_VERSION } from '@stack-plugin/host/distribution';
import { type ErrorJson, type IsolationLevel, readPluginPackage } from '@stack-plugin/pdk';
import { createColors } from '@stack-plugin/pdk/cli-kit';
import { formatErrorTree } from '../_format-error.js';
import { printable } from '../_printable.js';
import type { CommandIo } from '../command.js';
import { hostAccepts } from './_check-installed-plugin.js';
import {
  findConfiguredPlugin,
  folderPlugin,
  readConfiguredPlugins,
} from './_configured-plugins.js';
import { declaredRange, type HostProject } from './_host-project.js';
import { loadHost } from './_load-host.js';
import { ownPluginConfig } from './_own-plugin.js';
import {
  coloredState,
  contributionIds,
  type DescribedPermission,
  describePermissions,
  summaryLines,
} from './_plugin-summary.js';

/** What `stack-plugin info --json` prints about one plugin. */
export interface PluginInfo {
  readonly name: string;
  /** The installed version (package.json of the plugin). */
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly dir: string | undefined;
  /** How the config reaches it: its entry's `path` or `package`, or `discover`. */
  readonly source: { path: string } | { package: string } | { discover: true };
  readonly enabled: boolean;
  /** What a host made of it: `active`, `validated`, `failed`, ... or `not-found`. */
  readonly state: string;
  readonly error?: ErrorJson['error'];
  readonly category: string | undefined;
  /** The manifest's `host` range, and whether this host's API version satisfies it. */
  readonly host: { range: string; version: string; accepts: boolean } | undefined;
  /** The isolation the manifest asks for and the one the host runs it at. */
  readonly isolation: { declared: IsolationLevel; effective: string } | undefined;
  /** The range the host project's package.json declares for the package, if any. */
  readonly range: string | undefined;
  readonly requires: Readonly<Record<string, string>>;
  /**
   * The permissions the host grants (the manifest's, narrowed by the entry's `grant`/`deny`),
   * with risk and plain-language text.
   */
  readonly permissions: readonly DescribedPermission[];
  /** Permissions the manifest asks for that the host does not grant as asked (narrowed or denied). */
  readonly withheld: readonly string[];
  /** The `deny` entries in force for it (permission kinds or permissions). */
  readonly denied: readonly string[];
  /** The exact grants recorded in stack.config.json at install (`add`), if any. */
  readonly recordedGrants: readonly string[] | undefined;
  readonly contributions: Readonly<Record<string, readonly string[]>>;
}

/**
 * Everything a host user asks about one configured plugin: the config entry, the package and
 * its manifest, the permissions with their risk, and what a host made of it (started over the
 * project's config like `list`, so the state is what `run` would see).
 *
 * @throws {@link StackPluginError} `PLUGIN_NOT_CONFIGURED` (with the closest name), or the
 * host's error for an invalid config.
 */
export async function pluginInfo(
  io: CommandIo,
  project: HostProject,
  name: string,
  options: { readonly config?: string | undefined; readonly noActivate?: boolean | undefined },
): Promise<PluginInfo> {
  // Quiet: loadHost below says it once.
  const own = ownPluginConfig(io, options.config, { quiet: true });
  const configured = findConfiguredPlugin(
    project,
    own === undefined
      ? await readConfiguredPlugins(project)
      : await folderPlugin(io.cwd, own.plugins[0]),
    name,
  );
  const loaded = await loadHost(io, options);
  const status = loaded.plugins.find((p) => p.name === name);
  const pkg =
    configured.dir === undefined
      ? undefined
      : await readPluginPackage(configured.dir).catch(() => undefined);
  const manifest = status?.manifest ?? pkg?.manifest;
  const entry = configured.entry;
  const notFound = loaded.problems.find((p) => p.plugin === name);
  const recorded = entry?.permissions;
  return {
    name,
    version: status?.version ?? pkg?.version,
    description: pkg?.description,
    dir: configured.dir,
    source:
      typeof entry?.path === 'string'
        ? { path: entry.path }
        : typeof entry?.package === 'string'
          ? { package: entry.package }
          : { discover: true },
    enabled: entry?.enabled !== false,
    state: status?.state ?? 'not-found',
    ...(status?.error !== undefined
      ? { error: status.error.toJSON() }
      : notFound !== undefined
        ? { error: notFound }
        : {}),
    category: manifest?.category,
    host:
      manifest === undefined
        ? undefined
        : { range: manifest.host, version: HOST_API_VERSION, accepts: hostAccepts(manifest.host) },
    isolation:
      manifest === undefined
        ? undefined
        : { declared: manifest.isolation ?? 'none', effective: status?.isolation ?? 'none' },
    range: await declaredRange(project, name),
    requires: manifest?.requires ?? {},
    permissions: describePermissions(status?.permissions ?? manifest?.permissions ?? []),
    withheld: status?.withheldPermissions ?? [],
    denied: status?.deniedPermissions ?? [],
    recordedGrants: Array.isArray(recorded) ? (recorded as string[]) : undefined,
    contributions: manifest === undefined ? {} : contributionIds(manifest),
  };
}

/** `info` as text: a heading line, then one fact a line. */
export function formatInfo(info: PluginInfo, color: boolean): string {
  const c = createColors(color);
  const p = (text: string | undefined) => printable(text ?? 'unknown');
  const lines = [
    `${c.bold(p(info.name))} ${p(info.version)}  ${coloredState(info.state, color)}${info.enabled ? '' : ' (disabled in the config)'}`,
  ];
  if (info.description !== undefined) lines.push(`  ${printable(info.description)}`);
  // The error as every command prints one: code, message, hint, and the errors it reports.
  if (info.error !== undefined) {
    for (const line of formatErrorTree(info.error, c).trimEnd().split('\n'))
      lines.push(`  ${line}`);
  }
  const source =
    'path' in info.source
      ? `path ${printable(info.source.path)}`
      : 'package' in info.source
        ? `package ${printable(info.source.package)}`
        : 'found by discover';
  lines.push(`  config: ${source}${info.dir === undefined ? '' : `  (${printable(info.dir)})`}`);
  lines.push(
    `  installed: ${p(info.version)}  range: ${info.range === undefined ? 'none in package.json' : printable(info.range)}`,
  );
  if (info.category !== undefined) lines.push(`  category: ${printable(info.category)}`);
  if (info.host !== undefined) {
    lines.push(
      `  host API: ${printable(info.host.range)} (this host: ${info.host.version}, ${info.host.accepts ? 'accepted' : c.red('not accepted')})`,
    );
  }
  if (info.isolation !== undefined) {
    lines.push(
      `  isolation: ${info.isolation.effective} (the manifest asks for ${info.isolation.declared})`,
    );
  }
  const requires = Object.entries(info.requires);
  lines.push(
    `  requires: ${requires.length === 0 ? 'nothing' : requires.map(([n, r]) => `${printable(n)} ${printable(r)}`).join(', ')}`,
  );
  lines.push(...summaryLines(info.permissions, info.contributions, color));
  if (info.withheld.length > 0) {
    lines.push(`  asked for but not granted: ${info.withheld.map(printable).join(', ')}`);
  }
  if (info.denied.length > 0) lines.push(`  denied: ${info.denied.map(printable).join(', ')}`);
  if (info.recordedGrants !== undefined) {
    lines.push(
      `  grants recorded in the config: ${info.recordedGrants.length === 0 ? 'none' : info.recordedGrants.map(printable).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
