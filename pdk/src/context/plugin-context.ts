import type {
  CAPABILITIES,
  MetricsCapability,
  PermissionApis,
} from '../capabilities/capabilities.js';
import type { HostCapabilities } from '../capabilities/host-capabilities.js';
import type { Off } from './capability-types.js';
import type {
  ContributionTypes,
  PluginTypes,
  RegisteredPlugin,
  UntypedPlugin,
} from './plugin-types.js';

/** Identity of the running plugin. */
export interface PluginInfo {
  /** npm package name. */
  readonly name: string;
  /** npm package version. */
  readonly version: string;
}

/** Structured logger. `data` must be structured-clonable; secrets are redacted by the host. */
export interface PluginLogger {
  /** Detail for debugging; hidden unless the host runs with debug logging. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Normal progress. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Something unexpected that the plugin recovered from. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** A failure the user should see. */
  error(message: string, data?: Record<string, unknown>): void;
}

/** Per-call context passed to every handler. */
export interface CallContext {
  /** Aborted when the call is cancelled, times out, or the plugin is deactivated. */
  readonly signal: AbortSignal;
  /** Name of the caller: a plugin name, `host` or a workflow id. */
  readonly caller: string;
}

/** A handler for one contribution. */
export type Handler<I, O> = (input: I, call: CallContext) => O | Promise<O>;

/** Registers handlers for one contribution kind; ids are checked against the manifest. */
export interface ContributionRegistry<C extends ContributionTypes> {
  /** Register the handler of a contribution declared in the manifest; `off` removes it. */
  register<K extends keyof C & string>(
    id: K,
    handler: Handler<C[K]['input'], C[K]['output']>,
  ): Promise<Off>;
}

/** Commands: register this plugin's and execute any loaded plugin's. */
export interface CommandsCapability<C extends ContributionTypes> extends ContributionRegistry<C> {
  /** Run a command of this plugin (typed) or of any loaded plugin (by id). */
  execute<K extends keyof C & string>(id: K, input?: C[K]['input']): Promise<C[K]['output']>;
  execute<T = unknown>(id: string, input?: unknown): Promise<T>;
}

/**
 * Whether permissions `P` include one starting with `Prefix`. A plain `string` (no typegen
 * output, {@link UntypedPlugin}) grants everything at the type level; the broker still checks.
 */
type Granted<P extends string, Prefix extends string> = string extends P
  ? true
  : [Extract<P, `${Prefix}${string}`>] extends [never]
    ? false
    : true;

type When<Cond, T> = Cond extends true ? T : unknown;

type Descriptor = (typeof CAPABILITIES)[number];
type PermissionOf<D> = D extends { readonly permissions: readonly (infer P)[] } ? P : never;
/**
 * What a granted permission string starts with: `state` (no target), `db` (alone or with a
 * name: `db`, `db:reports`) or `fs:read:`.
 */
type PrefixOf<P> = P extends { readonly kind: infer K extends string; readonly target: infer S }
  ? S extends 'none' | 'optional-name'
    ? K
    : `${K}:`
  : never;
/** The `ctx` member a dotted descriptor path lives under (`state.shared` -> `state`). */
type TopOf<C> = C extends `${infer H}.${string}` ? H : C;
/** Permission descriptors of every capability under `ctx[Top]`. */
type PermissionsAt<Top> = PermissionOf<
  Extract<Descriptor, { readonly ctx: Top | `${Top & string}.${string}` }>
>;
/** The members of the capabilities granted by permissions, one per top-level `ctx` key. */
type GatedTop = TopOf<
  Extract<Descriptor, { readonly permissions: readonly [unknown, ...unknown[]] }>['ctx']
>;

/** Intersection of the interfaces each granted permission kind under `Top` unlocks. */
type MemberAt<T extends PluginTypes, Top> = (
  PermissionsAt<Top> extends infer Q
    ? Q extends { readonly kind: infer K extends keyof PermissionApis<T> }
      ? (x: When<Granted<T['permissions'], PrefixOf<Q>>, PermissionApis<T>[K]>) => void
      : never
    : never
) extends (x: infer I) => void
  ? I
  : never;

/** Whether any permission kind under `Top` is granted. */
type AnyGranted<T extends PluginTypes, Top> = true extends (
  PermissionsAt<Top> extends infer Q
    ? Granted<T['permissions'], PrefixOf<Q>>
    : never
)
  ? true
  : false;

/**
 * The `ctx` a plugin receives. Capabilities the manifest does not grant are absent from the
 * type, so using them is a compile error; the host's broker enforces the same at run time.
 * Which member each permission kind unlocks is derived from the capability table.
 */
export type PluginContext<T extends PluginTypes = RegisteredPlugin> = {
  readonly plugin: PluginInfo;
  readonly config: Readonly<T['config']>;
  readonly log: PluginLogger;
  /** Its own counters and gauges; `read()` joins it with `metrics:read`. */
  readonly metrics: MetricsCapability;
  /** Aborted when the plugin is deactivated. */
  readonly signal: AbortSignal;
  readonly commands: CommandsCapability<T['commands']>;
  readonly steps: ContributionRegistry<T['steps']>;
  readonly transformers: ContributionRegistry<T['transformers']>;
  readonly validators: ContributionRegistry<T['validators']>;
  readonly formatters: ContributionRegistry<T['formatters']>;
  readonly hooks: ContributionRegistry<T['hooks']>;
  readonly skills: ContributionRegistry<T['skills']>;
  /**
   * Capabilities the host defines (`ctx.host['acme.tickets'].create(...)`), typed by
   * `HostCapabilityTypes` (typegen); the host checks arguments, results and permissions.
   */
  readonly host: HostCapabilities;
} & {
  readonly [Top in GatedTop as AnyGranted<T, Top> extends true ? Top : never]: MemberAt<T, Top>;
};

/**
 * The full run-time shape of `ctx`, with every capability present. Hosts build this; the
 * broker denies what is not granted.
 */
export type FullPluginContext = PluginContext<UntypedPlugin>;
