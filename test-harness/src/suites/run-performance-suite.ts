import { writeFile } from 'node:fs/promises';
import type { HostCapability } from '@stack-plugin/host';
import { PluginRuntime } from '@stack-plugin/host/internal';
import { CONTEXT_LAYOUT, isPluginDefinition } from '@stack-plugin/pdk';
import fc from 'fast-check';
import type { PluginSource } from '../host/_plugin-source.js';
import { createTestHost } from '../host/create-test-host.js';
import type { TestHost } from '../host/test-host.js';
import { arbitraryFromSchema, type JsonSchema } from '../schema/arbitrary-from-schema.js';
import type { FileTree } from '../services/file-tree.js';
import type { ExecFake } from '../services/memory-exec.js';
import type { Route } from '../services/memory-net.js';
import { describeError } from './_call-outcome.js';
import { type CallableContribution, readPluginInfo } from './_plugin-info.js';
import { type LatencyStats, latencyStats } from './_stats.js';

/** Limits the performance suite checks; any left out is only measured. */
export interface PerformanceBudgets {
  /** First load of the plugin's code in a fresh host. */
  readonly coldLoadMs?: number;
  /** Its `activate`. */
  readonly activationMs?: number;
  /** Per-call median through the host, for every contribution. */
  readonly p50Ms?: number;
  /** Per-call 99th percentile through the host. */
  readonly p99Ms?: number;
  /** Host overhead per call: median through the host minus median of the bare handler. */
  readonly overheadMs?: number;
  /** Per contribution (`id` or `kind:id`), overriding the above. */
  readonly contributions?: Readonly<
    Record<string, { readonly p50Ms?: number; readonly p99Ms?: number }>
  >;
}

/** Options of the performance suite. */
export interface PerformanceSuiteOptions {
  /** Measured calls per contribution (default 200). */
  readonly iterations?: number;
  /** Unmeasured calls first (default 20). */
  readonly warmup?: number;
  /** Input per contribution (`id` or `kind:id`); default: one generated from its schema. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly budgets?: PerformanceBudgets;
  /** Plugins it requires, mounted first (folders or inline plugins). */
  readonly requires?: ReadonlyArray<PluginSource>;
  /** Capabilities of the host the plugin is written for, as `createTestHost` takes them. */
  // biome-ignore lint/suspicious/noExplicitAny: each capability keeps its own descriptor type.
  readonly capabilities?: readonly HostCapability<any>[];
  readonly config?: Record<string, unknown>;
  readonly files?: FileTree;
  readonly env?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Routes; any other allowed request gets `200 {}`. */
  readonly net?: ReadonlyArray<Route>;
  readonly exec?: Readonly<Record<string, ExecFake>>;
  /** fast-check seed for generated inputs (default 1). */
  readonly seed?: number;
  /** Write the report as JSON here (for CI). */
  readonly reportFile?: string;
}

/** Measurements of one contribution. */
export interface ContributionPerformance {
  readonly contribution: string;
  readonly input: unknown;
  /** Calls through the host: validation, broker, executor, deadline. */
  readonly host: LatencyStats;
  /** The same handler called bare, through the plugin runtime only. */
  readonly bare: LatencyStats;
  /** `host.p50 - bare.p50`. */
  readonly overheadMs: number;
  /** `host.p50 / bare.p50`. */
  readonly overheadRatio: number;
  /** Why it was not measured (its calls fail). */
  readonly error?: string;
}

/** A budget that was exceeded. */
export interface BudgetViolation {
  readonly metric: string;
  readonly budgetMs: number;
  readonly actualMs: number;
}

/** The performance suite's result, also written as JSON for CI. */
export interface PerformanceReport {
  readonly plugin: string;
  /** No budget exceeded and every contribution measured. */
  readonly ok: boolean;
  readonly coldLoadMs: number;
  readonly activationMs: number;
  /** Median time of later mounts in fresh hosts (module already compiled). */
  readonly warmMountMs: number;
  readonly contributions: readonly ContributionPerformance[];
  readonly violations: readonly BudgetViolation[];
  readonly iterations: number;
  readonly node: string;
}

/**
 * Measures a plugin on the real host: cold load and activation, then every contribution's
 * per-call p50/p99 through the host and bare, so the host's overhead is visible; compares
 * them with `budgets` and returns the report (written to `reportFile` for CI too).
 */
export async function runPerformanceSuite(
  pluginDir: string,
  options: PerformanceSuiteOptions = {},
): Promise<PerformanceReport> {
  const info = readPluginInfo(pluginDir);
  const iterations = options.iterations ?? 200;
  const warmup = options.warmup ?? 20;
  const budgets = options.budgets ?? {};
  const hostOptions = {
    auto: false,
    files: options.files ?? {},
    env: options.env ?? {},
    secrets: options.secrets ?? {},
    net: [...(options.net ?? []), { url: /.*/, response: { status: 200, json: {} } }],
    exec: options.exec ?? {},
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
  } as const;
  const mount = async (): Promise<{ th: TestHost; ms: number }> => {
    const th = await createTestHost(hostOptions);
    const started = performance.now();
    for (const dependency of options.requires ?? []) await th.mount(dependency);
    const plugin = await th.mount(
      info.dir,
      options.config === undefined ? {} : { config: options.config },
    );
    // Mount time includes activation, a lazy plugin's too (its first use would pay it).
    await plugin.enable();
    return { th, ms: performance.now() - started };
  };

  const first = await mount();
  const th = first.th;
  const contributions: ContributionPerformance[] = [];
  let metrics = th.host.plugin(info.name)?.metrics;
  try {
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const again = await mount();
      warm.push(again.ms);
      await again.th.dispose();
    }
    const bare = await bareRuntime(th, info.name);
    for (const c of info.callables) {
      const key = `${c.kind}:${c.id}`;
      const input = inputFor(c, options);
      const measure = async (run: () => unknown) => {
        for (let i = 0; i < warmup; i++) await run();
        const durations: number[] = [];
        for (let i = 0; i < iterations; i++) {
          const started = performance.now();
          await run();
          durations.push(performance.now() - started);
        }
        return latencyStats(durations);
      };
      try {
        const viaHost = await measure(() => th.invoke(c.kind, c.id, input));
        const signal = new AbortController().signal;
        const direct = await measure(() =>
          bare.invoke(c.kind, c.id, input, { caller: 'test', signal }),
        );
        contributions.push({
          contribution: key,
          input,
          host: viaHost,
          bare: direct,
          overheadMs: round(viaHost.p50 - direct.p50),
          overheadRatio: direct.p50 > 0 ? round(viaHost.p50 / direct.p50) : 0,
        });
      } catch (error) {
        const empty = latencyStats([]);
        contributions.push({
          contribution: key,
          input,
          host: empty,
          bare: empty,
          overheadMs: 0,
          overheadRatio: 0,
          error: describeError(error),
        });
      }
    }
    metrics = th.host.plugin(info.name)?.metrics ?? metrics;
    const coldLoadMs = round(metrics?.loadMs ?? first.ms);
    const activationMs = round(metrics?.activateMs ?? 0);
    const violations: BudgetViolation[] = [];
    const check = (metric: string, budget: number | undefined, actual: number) => {
      if (budget !== undefined && actual > budget)
        violations.push({ metric, budgetMs: budget, actualMs: actual });
    };
    check('coldLoadMs', budgets.coldLoadMs, coldLoadMs);
    check('activationMs', budgets.activationMs, activationMs);
    for (const c of contributions) {
      const own =
        budgets.contributions?.[c.contribution] ??
        budgets.contributions?.[c.contribution.split(':')[1] ?? ''];
      check(`${c.contribution} p50Ms`, own?.p50Ms ?? budgets.p50Ms, c.host.p50);
      check(`${c.contribution} p99Ms`, own?.p99Ms ?? budgets.p99Ms, c.host.p99);
      check(`${c.contribution} overheadMs`, budgets.overheadMs, c.overheadMs);
    }
    const report: PerformanceReport = {
      plugin: info.name,
      ok: violations.length === 0 && contributions.every((c) => c.error === undefined),
      coldLoadMs,
      activationMs,
      warmMountMs: latencyStats(warm).p50,
      contributions,
      violations,
      iterations,
      node: process.version,
    };
    if (options.reportFile !== undefined)
      await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await th.dispose();
  }
}

/**
 * The plugin's handlers without the host in front: its module freshly imported and activated
 * in a plugin runtime whose capability calls go to the same broker (so handlers that use
 * capabilities still work), but whose registrations stay local.
 */
async function bareRuntime(th: TestHost, name: string): Promise<PluginRuntime> {
  const loaded = th.loadedPlugin(name);
  const module = (await th.importPluginModule(name)) as { default?: unknown };
  if (loaded === undefined || !isPluginDefinition(module.default)) {
    throw new Error(`"${name}" could not be imported for bare calls`);
  }
  const runtime = new PluginRuntime(module.default, {
    plugin: { name, version: loaded.request.plugin.version },
    config: loaded.request.config,
    // The host's own capabilities too (`ctx.host[...]`), as the executors append them.
    layout:
      loaded.request.hostLayout === undefined
        ? CONTEXT_LAYOUT
        : [...CONTEXT_LAYOUT, ...loaded.request.hostLayout],
    send: async (capability, method, args) => {
      if (capability === 'contributions') return undefined;
      if (capability === 'events' && (method === 'on' || method === 'off')) return undefined;
      return loaded.capabilities({ capability, method, args });
    },
  });
  await runtime.activate();
  return runtime;
}

function inputFor(c: CallableContribution, options: PerformanceSuiteOptions): unknown {
  const given = options.inputs?.[`${c.kind}:${c.id}`] ?? options.inputs?.[c.id];
  if (given !== undefined) return given;
  return fc.sample(arbitraryFromSchema(c.input as JsonSchema), {
    numRuns: 1,
    seed: options.seed ?? 1,
  })[0];
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
