import type { PluginMetrics } from '@stack-plugin/host';
import { checkChoice, createColors, UsageError } from '@stack-plugin/pdk/cli-kit';
import { LOAD_HOST_OPTIONS } from '../_load-host-options.js';
import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';
import type * as PluginSummary from './_plugin-summary.js';

/** One plugin as `list --json` prints it. */
interface ListedPlugin {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly state: string;
  readonly isolation: string;
  readonly error?: { code: string; message: string; hint: string; plugin?: string };
  readonly permissions: readonly PluginSummary.DescribedPermission[];
  /** Contribution kind -> ids (events: topics), as the manifest declares them. */
  readonly contributions: Readonly<Record<string, readonly string[]>>;
  /** With `--metrics`: what the host measured for the plugin during this start-up. */
  readonly metrics?: PluginMetrics;
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
  usage:
    'stack-plugin list [--config FILE] [--no-activate] [--metrics [--format prometheus] | --graph [--format text|mermaid|dot]] [--json]',
  description: [
    'Starts a host in the current folder (the workspace root) from stack.config.json (or',
    '--config), then lists every plugin it found: name, version, state after start-up',
    '(active, failed with its error, refused with its error when it could not be loaded at all:',
    'not found, invalid manifest, signature or policy; validated when disabled), isolation level,',
    'each permission with its risk, and what the plugin contributes. --no-activate stops after',
    'validation, host-range and dependency checks, so no plugin code runs (states are then',
    'validated, failed or refused).',
    '',
    '--graph prints the "requires" graph between the plugins instead, as the host derives it to',
    'order activation: each plugin with what it requires (missing plugins and versions outside',
    'the range marked), then the activation order, or the cycle that prevents one;',
    '--format mermaid or dot draws it for docs, --json gives { nodes, edges, levels, cycle? }.',
    '',
    '--metrics adds what the host measured for each plugin while this command ran it: load and',
    'activate times, calls, errors, timeouts, restarts, call latency percentiles and payload',
    'bytes in and out (a host started only to list',
    'serves no calls, so those stay 0; a running host reports them through its API), and the',
    'counters and gauges each plugin recorded with ctx.metrics, one series a line.',
    '--metrics --format prometheus prints them in the Prometheus text exposition format instead',
    '(what host.metricsText() serves): call, error, timeout and restart counters, payload bytes',
    'in and out, the call latency histogram and its p50/p95/p99, and the recorded series.',
    '',
    'Exit status: 0 when every plugin is healthy, 1 when one failed or was refused',
    '(the listing is still printed on stdout), 1 on a host error such as an invalid',
    'config (with --json: { "error": { code, message, hint } } on stderr), 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin list',
    'stack-plugin list --no-activate --json',
    'stack-plugin list --config ci/stack.config.json',
    'stack-plugin list --graph --format mermaid --no-activate',
    'stack-plugin list --metrics --json',
    'stack-plugin list --metrics --format prometheus',
  ],
  options: {
    ...LOAD_HOST_OPTIONS,
    graph: {
      type: 'boolean',
      description: 'Print the dependency graph between the plugins instead of the listing',
    },
    metrics: {
      type: 'boolean',
      description:
        'Add load and activate times, calls, errors, latencies and recorded metrics per plugin',
    },
    format: {
      type: 'string',
      valueName: 'FORMAT',
      description: 'With --graph: how to draw it (default text); with --metrics: prometheus',
      choices: [
        { value: 'text', hint: 'each plugin with what it requires, then the activation order' },
        { value: 'mermaid', hint: 'a Mermaid flowchart, for Markdown docs' },
        { value: 'dot', hint: 'Graphviz DOT' },
        { value: 'prometheus', hint: 'with --metrics: the Prometheus text exposition format' },
      ],
    },
  },
  async run({ values, io }) {
    const { loadHost } = await import('./_load-host.js');
    const summary = await import('./_plugin-summary.js');
    const prometheus = values.format === 'prometheus';
    if (prometheus && values.metrics !== true) {
      throw new UsageError('--format prometheus only applies to --metrics', 'list');
    }
    if (values.format !== undefined && !prometheus && values.graph !== true) {
      throw new UsageError('--format only applies to --graph and --metrics', 'list');
    }
    if (prometheus && io.json) {
      throw new UsageError('--format prometheus and --json cannot be combined', 'list');
    }
    if (values.metrics === true && values.graph === true) {
      throw new UsageError('--metrics and --graph cannot be combined', 'list');
    }
    const loaded = await loadHost(io, {
      config: values.config,
      noActivate: values['no-activate'],
    });
    const healthy =
      loaded.problems.length === 0 &&
      loaded.plugins.every((p) => p.state !== 'failed' && p.state !== 'refused');
    if (values.graph === true) {
      const { formatGraph, GRAPH_FORMATS } = await import('./_plugin-graph.js');
      const { pluginGraph } = await import('@stack-plugin/host/internal');
      const format = checkChoice('format', values.format ?? 'text', GRAPH_FORMATS, 'list');
      const graph = pluginGraph(loaded.plugins);
      io.stdout(io.json ? `${JSON.stringify(graph, null, 2)}\n` : formatGraph(graph, format));
      return healthy && graph.cycle === undefined ? 0 : 1;
    }
    if (prometheus) {
      const { formatPrometheusMetrics } = await import('@stack-plugin/host');
      io.stdout(await formatPrometheusMetrics(loaded.plugins));
      return healthy ? 0 : 1;
    }
    const plugins: ListedPlugin[] = loaded.plugins.map((status) => ({
      name: status.name,
      version: status.version,
      dir: status.dir,
      state: status.state,
      isolation: status.isolation,
      ...(status.error === undefined ? {} : { error: status.error.toJSON() }),
      permissions: summary.describePermissions(status.permissions),
      contributions: summary.contributionIds(status.manifest),
      ...(values.metrics === true ? { metrics: status.metrics } : {}),
    }));
    const { problems } = loaded;
    if (io.json) {
      io.stdout(`${JSON.stringify({ plugins, problems }, null, 2)}\n`);
    } else {
      io.stdout(formatList(plugins, problems, io.color, summary));
    }
    return healthy ? 0 : 1;
  },
});

function formatList(
  plugins: readonly ListedPlugin[],
  problems: ReadonlyArray<{ message: string; hint: string }>,
  color: boolean,
  { coloredState, summaryLines }: typeof PluginSummary,
): string {
  const c = createColors(color);
  if (plugins.length === 0 && problems.length === 0) return 'No plugins configured.\n';
  const lines: string[] = [];
  for (const p of plugins) {
    lines.push(
      `${c.bold(printable(p.name))} ${printable(p.version)}  ${coloredState(p.state, color)}  isolation: ${p.isolation}`,
    );
    if (p.error !== undefined) lines.push(`  error: ${printable(p.error.message)}`);
    lines.push(...summaryLines(p.permissions, p.contributions, color));
    if (p.metrics !== undefined) {
      lines.push(`  metrics: ${metricsText(p.metrics)}`);
      // Names and labels are the plugin's own text.
      for (const s of p.metrics.recorded) {
        const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        const series = labels.length === 0 ? s.name : `${s.name}{${labels.join(',')}}`;
        lines.push(`    ${s.kind} ${printable(series)} ${s.value}`);
      }
    }
  }
  if (problems.length > 0) {
    lines.push(c.red('problems:'));
    for (const problem of problems)
      lines.push(`  ${printable(problem.message)}`, `    ${printable(problem.hint)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line of {@link PluginMetrics}; a time not measured (never loaded, no call) shows `-`. */
function metricsText(m: PluginMetrics): string {
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
  return [
    `load ${ms(m.loadMs)}`,
    `activate ${ms(m.activateMs)}`,
    `${m.calls} calls`,
    `${m.errors} errors (${m.timeouts} timeouts)`,
    `${m.restarts} restarts`,
    `p50 ${ms(m.p50Ms)}`,
    `p95 ${ms(m.p95Ms)}`,
    `p99 ${ms(m.p99Ms)}`,
    `${m.bytesIn} B in`,
    `${m.bytesOut} B out`,
  ].join(', ');
}
