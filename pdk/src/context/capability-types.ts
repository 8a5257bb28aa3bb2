/**
 * The `ctx` interfaces of the capabilities that permissions grant. Which of them a plugin's
 * `ctx` has is derived from the capability table (`PermissionApis` in
 * `capabilities/capabilities.ts`).
 */

/** Unsubscribes or unregisters what a call registered. Safe to call more than once. */
export type Off = () => Promise<void>;

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
