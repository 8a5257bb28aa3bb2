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
  /** Detail for debugging; hidden unless the host runs with debug logging. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** Normal progress. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Something unexpected that the plugin recovered from. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** A failure the user should see. */
  error(message: string, data?: Record<string, unknown>): void;
}

/** Metadata of a file or folder, as returned by `ctx.fs.stat`. */
export interface FileStat {
  /** Size in bytes. */
  readonly size: number;
  /** Whether it is a regular file. */
  readonly isFile: boolean;
  /** Whether it is a folder. */
  readonly isDirectory: boolean;
  /** Last modification time, in milliseconds since the epoch. */
  readonly mtimeMs: number;
}

/** File reads, granted by `fs:read:<glob>`. Paths are relative to the workspace root. */
export interface FsReadCapability {
  /** Read a file as UTF-8 text. */
  readFile(path: string): Promise<string>;
  /** Read a file as bytes. */
  readBytes(path: string): Promise<Uint8Array>;
  /** Names of the entries of a folder. */
  readdir(path: string): Promise<string[]>;
  /** Metadata of a file or folder; symbolic links are not followed out of the workspace. */
  stat(path: string): Promise<FileStat>;
  /** Whether the path exists (and is readable under the grant). */
  exists(path: string): Promise<boolean>;
}

/** File writes, granted by `fs:write:<glob>`. Paths are relative to the workspace root. */
export interface FsWriteCapability {
  /** Create or replace a file with text (UTF-8) or bytes. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Create a folder, with its parents when `recursive`. */
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Delete a file, or a folder and its content when `recursive`. */
  rm(path: string, options?: { recursive?: boolean }): Promise<void>;
}

/** A request made through `ctx.net.fetch`. Only structured-clonable fields. */
export interface NetRequest {
  /** HTTP method; `GET` by default. */
  method?: string;
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body, as text. */
  body?: string;
  /** Per-call timeout, capped by the plugin's `limits.timeoutMs`. */
  timeoutMs?: number;
}

/** A response from `ctx.net.fetch`; the body is read fully (text). */
export interface NetResponse {
  /** The final URL, after redirects the broker allowed. */
  readonly url: string;
  /** HTTP status code. */
  readonly status: number;
  /** Whether the status is 200-299. */
  readonly ok: boolean;
  /** Response headers, lower-case names. */
  readonly headers: Record<string, string>;
  /** Response body, as text. */
  readonly body: string;
}

/** Outbound HTTP(S), granted by `net:<host>[:<port>]`. */
export interface NetCapability {
  /** Make an HTTP(S) request to a granted host. */
  fetch(url: string, request?: NetRequest): Promise<NetResponse>;
}

/** Environment reads, granted per key by `env:<NAME>`. */
export interface EnvCapability {
  /** The value of a granted variable, or undefined when it is not set. */
  get(name: string): Promise<string | undefined>;
}

/** Secret reads, granted per key by `secret:<NAME>`. Values are redacted from logs and errors. */
export interface SecretsCapability {
  /** The value of a granted secret, or undefined when it is not configured. */
  get(name: string): Promise<string | undefined>;
}

/** Options of `ctx.exec`. */
export interface ExecOptions {
  /** Working directory relative to the workspace root. */
  cwd?: string;
  /** Text written to the command's stdin. */
  input?: string;
  /** Time limit in milliseconds, capped by the plugin's `limits.timeoutMs`. */
  timeoutMs?: number;
}

/** Result of `ctx.exec`. */
export interface ExecResult {
  /** Exit status of the program. */
  readonly exitCode: number;
  /** What it printed on stdout. */
  readonly stdout: string;
  /** What it printed on stderr. */
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
  /**
   * Publish `payload` on `topic`. Declared topics (manifest `contributes.events`) require their
   * payload type; other topics take any structured-clonable payload.
   */
  emit<K extends string>(
    topic: K,
    ...payload: K extends keyof E
      ? undefined extends E[K]
        ? [payload?: E[K]]
        : [payload: E[K]]
      : [payload?: unknown]
  ): Promise<void>;
}

/** Subscribe to topics granted by `events:on:<pattern>`; patterns use `*` and `**`. */
export interface EventsOnCapability {
  /** Listen to topics matching `pattern`; the returned `off` stops listening. */
  on<T = unknown>(pattern: string, listener: (event: PluginEvent<T>) => unknown): Promise<Off>;
}

/** Per-plugin durable key-value state, granted by `state`. Values are structured-clonable. */
export interface StateStore {
  /** The value stored under `key`, or undefined. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Store a structured-clonable value under `key`. */
  set(key: string, value: unknown): Promise<void>;
  /** Remove `key`; no error when it is absent. */
  delete(key: string): Promise<void>;
  /** Every stored key. */
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
