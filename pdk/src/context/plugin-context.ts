import type {
  ContributionTypes,
  PluginTypes,
  RegisteredPlugin,
  UntypedPlugin,
} from './plugin-types.js';

/** Unsubscribes or unregisters what a call registered. Safe to call more than once. */
export type Off = () => Promise<void>;

/** Identity of the running plugin. */
export interface PluginInfo {
  /** npm package name. */
  readonly name: string;
  /** npm package version. */
  readonly version: string;
}

/** Structured logger. `data` must be structured-clonable; secrets are redacted by the host. */
export interface PluginLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Metadata of a file or folder, as returned by `ctx.fs.stat`. */
export interface FileStat {
  readonly size: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly mtimeMs: number;
}

/** File reads, granted by `fs:read:<glob>`. Paths are relative to the workspace root. */
export interface FsReadCapability {
  readFile(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<FileStat>;
  exists(path: string): Promise<boolean>;
}

/** File writes, granted by `fs:write:<glob>`. Paths are relative to the workspace root. */
export interface FsWriteCapability {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean }): Promise<void>;
}

/** A request made through `ctx.net.fetch`. Only structured-clonable fields. */
export interface NetRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-call timeout, capped by the plugin's `limits.timeoutMs`. */
  timeoutMs?: number;
}

/** A response from `ctx.net.fetch`; the body is read fully (text). */
export interface NetResponse {
  readonly url: string;
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Outbound HTTP(S), granted by `net:<host>[:<port>]`. */
export interface NetCapability {
  fetch(url: string, request?: NetRequest): Promise<NetResponse>;
}

/** Environment reads, granted per key by `env:<NAME>`. */
export interface EnvCapability {
  get(name: string): Promise<string | undefined>;
}

/** Secret reads, granted per key by `secret:<NAME>`. Values are redacted from logs and errors. */
export interface SecretsCapability {
  get(name: string): Promise<string | undefined>;
}

/** Options of `ctx.exec`. */
export interface ExecOptions {
  /** Working directory relative to the workspace root. */
  cwd?: string;
  /** Text written to the command's stdin. */
  input?: string;
  timeoutMs?: number;
}

/** Result of `ctx.exec`. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell, granted per command by `exec:<command>`. */
export type ExecCapability = (
  command: string,
  args?: readonly string[],
  options?: ExecOptions,
) => Promise<ExecResult>;

/** An event delivered to a listener. */
export interface PluginEvent<T = unknown> {
  readonly topic: string;
  readonly payload: T;
  /** Name of the emitting plugin, or `host`. */
  readonly source: string;
  readonly time: number;
}

/** Publish to topics granted by `events:emit:<pattern>`. */
export interface EventsEmitCapability<E extends Record<string, unknown>> {
  emit<K extends keyof E & string>(topic: K, payload: E[K]): Promise<void>;
  emit(topic: string, payload?: unknown): Promise<void>;
}

/** Subscribe to topics granted by `events:on:<pattern>`; patterns use `*` and `**`. */
export interface EventsOnCapability {
  on<T = unknown>(pattern: string, listener: (event: PluginEvent<T>) => unknown): Promise<Off>;
}

/** Per-plugin durable key-value state, granted by `state`. Values are structured-clonable. */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
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
  register<K extends keyof C & string>(
    id: K,
    handler: Handler<C[K]['input'], C[K]['output']>,
  ): Promise<Off>;
}

/** Commands: register this plugin's and execute any loaded plugin's. */
export interface CommandsCapability<C extends ContributionTypes> extends ContributionRegistry<C> {
  execute<K extends keyof C & string>(id: K, input?: C[K]['input']): Promise<C[K]['output']>;
  execute<T = unknown>(id: string, input?: unknown): Promise<T>;
}

type Granted<P extends string, Prefix extends string> = [Extract<P, `${Prefix}${string}`>] extends [
  never,
]
  ? false
  : true;

type When<Cond, T> = Cond extends true ? T : unknown;

/**
 * The `ctx` a plugin receives. Capabilities the manifest does not grant are absent from the
 * type, so using them is a compile error; the host's broker enforces the same at run time.
 */
export type PluginContext<T extends PluginTypes = RegisteredPlugin> = {
  readonly plugin: PluginInfo;
  readonly config: Readonly<T['config']>;
  readonly log: PluginLogger;
  /** Aborted when the plugin is deactivated. */
  readonly signal: AbortSignal;
  readonly commands: CommandsCapability<T['commands']>;
  readonly steps: ContributionRegistry<T['steps']>;
  readonly transformers: ContributionRegistry<T['transformers']>;
  readonly validators: ContributionRegistry<T['validators']>;
  readonly formatters: ContributionRegistry<T['formatters']>;
  readonly hooks: ContributionRegistry<T['hooks']>;
  readonly skills: ContributionRegistry<T['skills']>;
} & When<
  Granted<T['permissions'], 'fs:'>,
  {
    readonly fs: When<Granted<T['permissions'], 'fs:read:'>, FsReadCapability> &
      When<Granted<T['permissions'], 'fs:write:'>, FsWriteCapability>;
  }
> &
  When<Granted<T['permissions'], 'net:'>, { readonly net: NetCapability }> &
  When<Granted<T['permissions'], 'env:'>, { readonly env: EnvCapability }> &
  When<Granted<T['permissions'], 'secret:'>, { readonly secrets: SecretsCapability }> &
  When<Granted<T['permissions'], 'exec:'>, { readonly exec: ExecCapability }> &
  When<
    Granted<T['permissions'], 'events:'>,
    {
      readonly events: When<
        Granted<T['permissions'], 'events:emit:'>,
        EventsEmitCapability<T['events']>
      > &
        When<Granted<T['permissions'], 'events:on:'>, EventsOnCapability>;
    }
  > &
  When<
    Granted<T['permissions'], 'state'>,
    {
      readonly state: StateStore &
        When<Granted<T['permissions'], 'state:shared'>, { readonly shared: StateStore }>;
    }
  >;

/**
 * The full run-time shape of `ctx`, with every capability present. Hosts build this; the
 * broker denies what is not granted.
 */
export type FullPluginContext = PluginContext<UntypedPlugin>;
