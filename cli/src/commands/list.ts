import { createColors } from '@stack-plugin/pdk/cli-kit';
import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

const RISK_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** One permission as `list` reports it. */
interface ListedPermission {
  readonly permission: string;
  readonly risk: (typeof RISK_ORDER)[number];
  readonly summary: string;
}

/** One plugin as `list --json` prints it. */
interface ListedPlugin {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly state: string;
  readonly isolation: string;
  readonly error?: { code: string; message: string; hint: string; plugin?: string };
  readonly permissions: readonly ListedPermission[];
  /** Contribution kind -> ids (events: topics), as the manifest declares them. */
  readonly contributions: Readonly<Record<string, readonly string[]>>;
}

/**
 * `stack-plugin list`: the plugins of the host config with their state, isolation,
 * permissions (with risk) and contributions. By default it starts a host, so states are what
 * `stack-plugin run` would see; `--no-activate` validates and checks the graph without running
 * any plugin code.
 */
export default defineCommand({
  name: 'list',
  summary: 'List the plugins of stack.config.json with states, permissions and risk',
  usage: 'stack-plugin list [--config FILE] [--no-activate] [--json]',
  description: [
    'Starts a host in the current folder (the workspace root) from stack.config.json (or',
    '--config), then lists every plugin it found: name, version, state after start-up',
    '(active, failed with its error, validated when disabled in the config), isolation level,',
    'each permission with its risk, and what the plugin contributes. --no-activate stops after',
    'validation, host-range and dependency checks, so no plugin code runs (states are then',
    'validated or failed). Config entries that could not be resolved are listed as problems.',
    '',
    'Exit status: 0 when every plugin is healthy, 1 when one failed or an entry could not be',
    'resolved (the listing is still printed on stdout), 1 on a host error such as an invalid',
    'config (with --json: { "error": { code, message, hint } } on stderr), 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin list',
    'stack-plugin list --no-activate --json',
    'stack-plugin list --config ci/stack.config.json',
  ],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    'no-activate': {
      type: 'boolean',
      description: 'Validate and check dependencies only; run no plugin code',
    },
  },
  async run({ values, io }) {
    const { resolve } = await import('node:path');
    const { describePermission, isStackPluginError } = await import('@stack-plugin/pdk');
    const { createHost, discoverPlugins, loadHostConfig } = await import('@stack-plugin/host');
    const configFile = values.config === undefined ? undefined : resolve(io.cwd, values.config);
    const loaded = await loadHostConfig(io.cwd, configFile);
    let config = loaded.config;
    if (values['no-activate'] === true) {
      // Every plugin found becomes an explicit, disabled entry: start() then validates and
      // checks the graph, but activates nothing (folder discovery would enable them).
      const { sources, unresolved } = await discoverPlugins(io.cwd, config, loaded.baseDir);
      config = {
        ...config,
        discover: {},
        plugins: [
          ...sources.map(({ dir, entry }) => {
            const { package: _package, ...rest } = entry ?? {};
            return { ...rest, path: dir, enabled: false };
          }),
          ...unresolved.map((u) => ({ package: u.label, enabled: false })),
        ],
      };
    }
    const host = createHost({
      root: io.cwd,
      ...(values['no-activate'] === true
        ? { config }
        : configFile === undefined
          ? {}
          : { config: configFile }),
      env: { ...io.env },
      services: {
        logger: {
          write(record) {
            if (io.json || (record.level !== 'warn' && record.level !== 'error')) return;
            io.stderr(
              `[${record.level}] ${printable(record.plugin ?? 'host')}: ${printable(record.message)}\n`,
            );
          },
        },
      },
    });
    const problems: Array<{ code: string; message: string; hint: string; plugin?: string }> = [];
    let plugins: ListedPlugin[];
    try {
      try {
        await host.start();
      } catch (error) {
        if (!isStackPluginError(error) || error.code !== 'HOST_STARTUP_FAILED') throw error;
        // Failures of known plugins show in their rows; the rest (unresolvable entries) here.
        const known = new Set(host.plugins().map((p) => p.name));
        const shown = new Set<unknown>(host.plugins().map((p) => p.error));
        for (const failure of error.errors) {
          if (!shown.has(failure) && !known.has(failure.plugin ?? '')) {
            problems.push(failure.toJSON());
          }
        }
      }
      plugins = host.plugins().map((status) => {
        const contributes = (status.manifest.contributes ?? {}) as Record<string, unknown>;
        const contributions: Record<string, string[]> = {};
        for (const [kind, entries] of Object.entries(contributes)) {
          if (!Array.isArray(entries) || entries.length === 0) continue;
          contributions[kind] = entries.map((e) => String((e as { id?: unknown }).id ?? ''));
        }
        return {
          name: status.name,
          version: status.version,
          dir: status.dir,
          state: status.state,
          isolation: status.isolation,
          ...(status.error === undefined ? {} : { error: status.error.toJSON() }),
          permissions: status.permissions.map((permission) => ({
            permission,
            ...describePermission(permission),
          })),
          contributions,
        };
      });
    } finally {
      await host.stop();
    }
    const healthy = problems.length === 0 && plugins.every((p) => p.state !== 'failed');
    if (io.json) {
      io.stdout(`${JSON.stringify({ plugins, problems }, null, 2)}\n`);
    } else {
      io.stdout(formatList(plugins, problems, io.color));
    }
    return healthy ? 0 : 1;
  },
});

function formatList(
  plugins: readonly ListedPlugin[],
  problems: ReadonlyArray<{ message: string; hint: string }>,
  color: boolean,
): string {
  const c = createColors(color);
  const riskColor = {
    critical: (text: string) => c.bold(c.red(text)),
    high: c.red,
    medium: c.yellow,
    low: c.dim,
  } as const;
  const stateColor = (state: string) =>
    state === 'active' ? c.green : state === 'failed' ? c.red : c.yellow;
  if (plugins.length === 0 && problems.length === 0) return 'No plugins configured.\n';
  const lines: string[] = [];
  for (const p of plugins) {
    lines.push(
      `${c.bold(printable(p.name))} ${printable(p.version)}  ${stateColor(p.state)(p.state)}  isolation: ${p.isolation}`,
    );
    if (p.error !== undefined) lines.push(`  error: ${printable(p.error.message)}`);
    if (p.permissions.length === 0) lines.push('  permissions: none');
    else {
      lines.push('  permissions:');
      const width = Math.max(...p.permissions.map((x) => printable(x.permission).length));
      const sorted = [...p.permissions].sort(
        (a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk),
      );
      for (const x of sorted) {
        const risk = riskColor[x.risk](x.risk.padEnd(8));
        lines.push(`    ${risk} ${printable(x.permission).padEnd(width)}  ${printable(x.summary)}`);
      }
    }
    const kinds = Object.entries(p.contributions);
    if (kinds.length === 0) lines.push('  contributes: nothing');
    else {
      lines.push('  contributes:');
      for (const [kind, ids] of kinds) lines.push(`    ${kind}: ${ids.map(printable).join(', ')}`);
    }
  }
  if (problems.length > 0) {
    lines.push(c.red('problems:'));
    for (const problem of problems)
      lines.push(`  ${printable(problem.message)}`, `    ${printable(problem.hint)}`);
  }
  return `${lines.join('\n')}\n`;
}
