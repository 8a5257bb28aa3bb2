import type { ExecResult, FileStat, NetResponse } from '@stack-plugin/pdk';

/**
 * The services a host performs capability calls with. The broker checks permissions first;
 * a service only carries the call out. `createHost` uses real Node adapters by default; the
 * test harness injects in-memory ones. All paths are POSIX, relative to the workspace root.
 */
export interface HostServices {
  readonly fs: FsService;
  readonly net: NetService;
  readonly exec: ExecService;
  readonly env: EnvService;
  readonly secrets: SecretsService;
  readonly state: StateService;
  readonly clock: Clock;
  readonly logger: HostLogger;
  /**
   * Services of capabilities that need nothing but their descriptor (see "Adding a
   * capability" in ARCHITECTURE.md), by the descriptor's `service` name. Each method is called
   * as `method(plugin, ...args)` after the broker checked and recorded the call.
   */
  readonly capabilities?: Readonly<Record<string, CapabilityService>>;
}

/** A descriptor-only capability's service: every wire method, with the plugin's name first. */
export type CapabilityService = Readonly<
  Record<string, (plugin: string, ...args: readonly unknown[]) => unknown>
>;

/** Files under the workspace root. */
export interface FsService {
  /**
   * The workspace-relative real path of `path`, symlinks resolved (for a path that does not
   * exist yet: its nearest existing parent resolved, plus the rest). Throws when the real path
   * leaves the workspace root. The broker checks permissions against this path too.
   */
  realpath(path: string): Promise<string>;
  /** Reads a file without following a symlink in its last component. */
  readFile(path: string): Promise<Uint8Array>;
  /** Writes a file without following a symlink in its last component. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<FileStat>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string, options: { recursive: boolean }): Promise<void>;
  rm(path: string, options: { recursive: boolean }): Promise<void>;
}

/** One outbound request, after the broker allowed its first URL. */
export interface NetServiceRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * Called for every hop (the first URL and each redirect) with the resolved address the
   * connection will use and, when DNS gave several, every address it gave; throws to refuse
   * the hop. This is how redirects and DNS answers are re-checked against the plugin's
   * permissions and the address policy (`address-policy.ts`), so the broker decides (and
   * records) what the service then does.
   */
  readonly authorize: (
    url: URL,
    address: string | undefined,
    addresses?: readonly string[],
    // biome-ignore lint/suspicious/noConfusingVoidType: returning nothing means "not private".
  ) => void | NetHopDecision;
}

/**
 * What `authorize` may return for a hop. `allowPrivate` is true only when the plugin declared
 * this exact host (not a wildcard), which is what lets a plugin reach `net:localhost:8080`
 * while `net:*` never reaches loopback, private or metadata addresses.
 */
export interface NetHopDecision {
  readonly allowPrivate: boolean;
}

/** Outbound HTTP(S). */
export interface NetService {
  fetch(request: NetServiceRequest): Promise<NetResponse>;
}

/** Options of one program run. */
export interface ExecServiceOptions {
  readonly cwd: string;
  readonly input?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Runs programs without a shell. */
export interface ExecService {
  run(command: string, args: readonly string[], options: ExecServiceOptions): Promise<ExecResult>;
}

/** Environment variables. */
export interface EnvService {
  get(name: string): string | undefined;
}

/** Secret values. The host redacts every value it has handed out from logs and errors. */
export interface SecretsService {
  get(name: string): Promise<string | undefined>;
}

/**
 * Durable key-value state. `scope` is a plugin name, or `shared` for the store granted by
 * `state:shared`. Values are structured-clonable; a resolved `set` is durable.
 */
export interface StateService {
  get(scope: string, key: string): Promise<unknown>;
  set(scope: string, key: string, value: unknown): Promise<void>;
  delete(scope: string, key: string): Promise<void>;
  keys(scope: string): Promise<string[]>;
}

/** Time, injectable so tests can use a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Optional: calls `fire` after `ms` unless the returned handle's `cancel()` comes first. The
   * host sets a deadline on every call and event delivery and cancels nearly all of them
   * microseconds later; a clock that has this serves them without a timer each (the system
   * clock does). Without it the host uses `setTimeout`/`clearTimeout`, which is what lets a
   * fake clock decide when a call times out.
   *
   * The host calls the handle's `hold()`, when it has one, once the work the deadline guards
   * goes on past the turn that set it: from then until it fires or is cancelled, the deadline
   * should keep the process alive (a handler awaiting for ever must still time out rather than
   * let the process exit). Work answered in the same turn never holds its deadline.
   */
  deadline?(fire: () => void, ms: number): { cancel(): void; hold?(): void };
}

/** One log record from the host or a plugin. */
export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly plugin?: string;
  readonly data?: Record<string, unknown>;
  readonly time: number;
}

/** Where log records go; records reach it with secrets already redacted. */
export interface HostLogger {
  write(record: LogRecord): void;
}
