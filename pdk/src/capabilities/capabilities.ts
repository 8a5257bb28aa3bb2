import type {
  EnvCapability,
  EventsEmitCapability,
  EventsOnCapability,
  ExecCapability,
  FsReadCapability,
  FsWriteCapability,
  NetCapability,
  SecretsCapability,
  StateStore,
} from '../context/capability-types.js';
import type { PluginTypes } from '../context/plugin-types.js';
import { IO_CAPABILITIES } from './_io-capabilities.js';
import { ANY, NAME, NOTHING, STATE_METHODS, STRING } from './_method-schemas.js';
import { UNGATED_CAPABILITIES } from './_ungated-capabilities.js';
import { type CapabilityDescriptor, defineCapability } from './capability-descriptor.js';

const DATABASE = {
  type: 'string',
  description: "the database's name, '' for the default",
} as const;
const SQL = {
  type: 'string',
  minLength: 1,
  description: 'one SQL statement, with placeholders $1, $2, ...',
} as const;
const PARAMS = {
  type: 'array',
  items: { type: ['null', 'number', 'string', 'boolean', 'object'] },
  description: 'the values of $1, $2, ... (Uint8Array for bytes)',
} as const;
const METRIC = {
  type: 'string',
  pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$',
  maxLength: 128,
  description: 'the metric name, Prometheus-safe (`tokens_total`)',
} as const;
const LABELS = {
  type: 'object',
  maxProperties: 8,
  additionalProperties: { type: 'string', maxLength: 128 },
  description: 'label names (Prometheus-safe, not `__*`) to string values',
} as const;
const TRANSACTION = {
  type: ['string', 'null'],
  description: 'the transaction, inside transaction(fn)',
} as const;

/**
 * Every capability a plugin reaches through `ctx`: the one table the `ctx` types, the sandbox
 * wire allow-list, the host's broker dispatch, the plugin-side runtime, the permission
 * grammar and texts, the docs and the harness's security probes are derived from. Adding a
 * capability starts here (see "Adding a capability" in ARCHITECTURE.md).
 */
export const CAPABILITIES = [
  ...IO_CAPABILITIES,
  defineCapability({
    name: 'events',
    service: 'host',
    ctx: 'events',
    title: 'Events',
    summary: 'Publish and listen to events on the granted topics.',
    risk: 'medium',
    crossesSandbox: true,
    docs: 'events',
    permissions: [
      {
        kind: 'events:emit',
        grammar: 'events:emit:<pattern>',
        target: 'topic',
        describe: (pattern) =>
          pattern.includes('*')
            ? { risk: 'medium', summary: `Publish events on any topic matching "${pattern}".` }
            : { risk: 'low', summary: `Publish "${pattern}" events.` },
      },
      {
        kind: 'events:on',
        grammar: 'events:on:<pattern>',
        target: 'topic-pattern',
        describe: (pattern) => ({
          risk: 'low',
          summary: `Listen to events on topics matching "${pattern}".`,
        }),
      },
    ],
    methods: {
      emit: {
        summary: 'Publish a payload on a topic.',
        permission: 'events:emit',
        params: [NAME, ANY],
        result: NOTHING,
      },
      on: {
        summary: 'Listen to topics matching a pattern (`*` one segment, `**` any number).',
        permission: 'events:on',
        exposure: 'listener',
        params: [NAME, NAME],
        result: NOTHING,
      },
      off: { summary: 'Stop a listener.', exposure: 'internal', params: [NAME], result: NOTHING },
    },
  }),
  defineCapability({
    name: 'state',
    service: 'state',
    ctx: 'state',
    title: 'State',
    summary: "Keep the plugin's own durable key-value data.",
    risk: 'low',
    crossesSandbox: true,
    docs: 'state',
    permissions: [
      {
        kind: 'state',
        grammar: 'state',
        target: 'none',
        describe: () => ({ risk: 'low', summary: 'Keep its own data between runs.' }),
      },
    ],
    methods: Object.fromEntries(
      Object.entries(STATE_METHODS).map(([name, method]) => [
        name,
        { ...method, permission: 'state' },
      ]),
    ),
  }),
  defineCapability({
    name: 'sharedState',
    service: 'state',
    ctx: 'state.shared',
    title: 'Shared state',
    summary: 'Read and change the key-value data shared by all plugins.',
    risk: 'medium',
    crossesSandbox: true,
    docs: 'state',
    permissions: [
      {
        kind: 'state:shared',
        grammar: 'state:shared',
        target: 'none',
        implies: ['state'],
        describe: () => ({
          risk: 'medium',
          summary: 'Read and change data shared by all plugins, as well as keep its own.',
        }),
      },
    ],
    methods: Object.fromEntries(
      Object.entries(STATE_METHODS).map(([name, method]) => [
        name,
        { ...method, permission: 'state:shared' },
      ]),
    ),
  }),
  ...UNGATED_CAPABILITIES,
  defineCapability({
    name: 'db',
    service: 'db',
    ctx: 'db',
    title: 'Database',
    summary:
      "Keep the plugin's own SQL database (SQLite, or a PostgreSQL schema), which no other plugin can read.",
    risk: 'low',
    crossesSandbox: true,
    docs: 'db',
    select: 'use',
    permissions: [
      {
        kind: 'db',
        grammar: 'db[:<name>]',
        target: 'optional-name',
        describe: (name) => ({
          risk: 'low',
          summary:
            name === ''
              ? 'Keep its own SQL database, which no other plugin can read.'
              : `Keep its own SQL database "${name}", which no other plugin can read.`,
        }),
      },
    ],
    methods: {
      query: {
        summary: 'Run one statement with its parameters; resolves with the rows.',
        permission: 'db',
        params: [DATABASE, SQL, PARAMS, TRANSACTION],
        result: { type: 'array', items: { type: 'object' } },
      },
      execute: {
        summary: 'Run one statement that changes data; resolves with the rows changed.',
        permission: 'db',
        params: [DATABASE, SQL, PARAMS, TRANSACTION],
        result: { type: 'object', required: ['changes'] },
      },
      transaction: {
        summary: 'Run fn(tx) in a transaction: committed when it resolves, rolled back on a throw.',
        permission: 'db',
        exposure: 'transaction',
        ends: { commit: 'commit', rollback: 'rollback' },
        params: [DATABASE],
        result: STRING,
      },
      commit: {
        summary: 'End a transaction, keeping its changes.',
        permission: 'db',
        exposure: 'internal',
        params: [DATABASE, STRING],
        result: NOTHING,
      },
      rollback: {
        summary: 'End a transaction, dropping its changes.',
        permission: 'db',
        exposure: 'internal',
        params: [DATABASE, STRING],
        result: NOTHING,
      },
    },
  }),
  defineCapability({
    name: 'metrics',
    service: 'host',
    ctx: 'metrics',
    title: 'Metrics',
    summary:
      "Record the plugin's own counters and gauges; with `metrics:read`, read every plugin's call metrics.",
    risk: 'medium',
    crossesSandbox: true,
    docs: 'metrics',
    permissions: [
      {
        kind: 'metrics:read',
        grammar: 'metrics:read',
        target: 'none',
        describe: () => ({
          risk: 'medium',
          summary:
            'See which plugins the host runs, their states, call counts, latencies, errors and recorded metrics.',
        }),
      },
    ],
    methods: {
      count: {
        summary: 'Add to one of its own counters (1 when `by` is omitted).',
        params: [METRIC, { type: 'number', minimum: 0 }, LABELS],
        result: NOTHING,
      },
      gauge: {
        summary: 'Set one of its own gauges.',
        params: [METRIC, { type: 'number' }, LABELS],
        result: NOTHING,
      },
      read: {
        summary: "Every plugin's call metrics and recorded metrics.",
        permission: 'metrics:read',
        params: [],
        result: { type: 'array', items: { type: 'object' } },
      },
    },
  }),
] as const satisfies readonly CapabilityDescriptor[];

/** The name of a capability (`fs`, `sharedState`, ...). */
export type CapabilityName = (typeof CAPABILITIES)[number]['name'];

/** A permission kind, as declared by the capabilities (`fs:read`, `net`, `state`, ...). */
export type PermissionKind = (typeof CAPABILITIES)[number]['permissions'][number]['kind'];

/**
 * The `ctx` interface each permission kind unlocks, under its capability's `ctx` member (the
 * interfaces of one member are intersected). `PluginContext` is derived from this and
 * {@link CAPABILITIES}; a kind in the table without an entry here is a compile error there.
 */
export interface PermissionApis<T extends PluginTypes> {
  'fs:read': FsReadCapability;
  'fs:write': FsWriteCapability;
  net: NetCapability;
  env: EnvCapability;
  secret: SecretsCapability;
  exec: ExecCapability;
  'events:emit': EventsEmitCapability<T['events']>;
  'events:on': EventsOnCapability;
  state: StateStore;
  'state:shared': { readonly shared: StateStore };
  db: DbCapability;
  'metrics:read': MetricsReadCapability;
}

/** A value bound to a placeholder (`$1`, `$2`, ...); never spliced into the SQL. */
export type DbValue = null | number | string | boolean | Uint8Array;

/** The statements of one database, outside or inside a transaction. */
export interface DbStatements {
  /**
   * Runs one statement with its parameters and resolves with the rows, as plain objects of
   * structured-clonable values.
   *
   * @example
   * ```ts
   * import { definePlugin } from '@stack-plugin/pdk';
   *
   * export default definePlugin({
   *   async activate(ctx) {
   *     const tag = 'work';
   *     const rows = await ctx.db.query<{ title: string }>(
   *       'SELECT title FROM notes WHERE tag = $1',
   *       [tag],
   *     );
   *     ctx.log.info(`${rows.length} notes tagged ${tag}`);
   *   },
   * });
   * ```
   */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly DbValue[],
  ): Promise<Row[]>;
  /** Runs one statement that changes data and resolves with how many rows it changed. */
  execute(sql: string, params?: readonly DbValue[]): Promise<{ changes: number }>;
}

/** One database of the plugin (`db` grants the default one, `db:<name>` a named one). */
export interface DbDatabase extends DbStatements {
  /**
   * Runs `fn` in a transaction: its statements go through `tx`, and other calls to this
   * database wait; committed when `fn` resolves, rolled back when it throws (then rethrown).
   */
  transaction<T>(fn: (tx: DbStatements) => Promise<T>): Promise<T>;
}

/**
 * `ctx.db`: the plugin's default database, and `use(name)` for a named one. The host gives
 * each plugin its own SQLite file or PostgreSQL schema, which no other plugin can reach, and applies the migrations
 * its manifest names (`db`) before `activate`.
 */
export interface DbCapability extends DbDatabase {
  /** A named database, granted by `db:<name>`. */
  use(name: string): DbDatabase;
}

/** Labels of one series: Prometheus-safe names (not `__*`), string values. */
export type MetricLabels = Readonly<Record<string, string>>;

/** One series a plugin recorded with `ctx.metrics.count` or `ctx.metrics.gauge`. */
export interface MetricSample {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  readonly labels: MetricLabels;
  readonly value: number;
}

/**
 * `ctx.metrics`, which every plugin has: its own counters and gauges, kept by the host per
 * plugin (a name keeps the kind it was first recorded with). Names are Prometheus-safe
 * (`[a-zA-Z_][a-zA-Z0-9_]*`), at most 8 labels per series, and the number of series per
 * plugin is bounded by the host's `metricSeries` budget (`PLUGIN_BUDGET_EXCEEDED` beyond it).
 */
export interface MetricsCapability {
  /**
   * Adds `by` (default 1, never negative) to a counter.
   *
   * @example
   * ```ts
   * import { definePlugin } from '@stack-plugin/pdk';
   *
   * export default definePlugin({
   *   async activate(ctx) {
   *     await ctx.metrics.count('tokens_total', 812, { model: 'small', kind: 'prompt' });
   *   },
   * });
   * ```
   */
  count(name: string, by?: number, labels?: MetricLabels): Promise<void>;
  /** Sets a gauge to `value`. */
  gauge(name: string, value: number, labels?: MetricLabels): Promise<void>;
}

/** What `ctx.metrics.read()` reports for one plugin of the host. */
export interface PluginMetricsReport {
  readonly plugin: string;
  readonly version: string;
  /** Its lifecycle state (`active`, `failed`, ...) and the isolation level it runs at. */
  readonly state: string;
  readonly isolation: string;
  /** Handler calls made to it (commands, steps, events delivered), and those that failed. */
  readonly calls: number;
  readonly errors: number;
  /** Median and 99th percentile call latency (ms) over its recent calls; absent before any. */
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Time its code took to load and its `activate` took (ms), last time. */
  readonly loadMs?: number;
  readonly activateMs?: number;
  /** What it recorded through `ctx.metrics`. */
  readonly recorded: readonly MetricSample[];
}

/** `ctx.metrics.read()`, granted by `metrics:read`. */
export interface MetricsReadCapability {
  /** Every plugin of the host with its call metrics and recorded metrics, itself included. */
  read(): Promise<PluginMetricsReport[]>;
}
