import type { HostCapability, PluginExecutor } from '@stack-plugin/host';
import type { PluginSource } from '../host/_plugin-source.js';
import type { FileTree } from '../services/file-tree.js';
import type { ExecFake } from '../services/memory-exec.js';
import type { Route } from '../services/memory-net.js';

/** The checks of the security suite, in the order they run. */
export const SECURITY_CHECKS = [
  'activation',
  'fuzz',
  'hostile-input',
  'timeouts',
  'undeclared-use',
  'secrets',
  'undeclared-variants',
  'isolation',
  'permissions',
] as const;

/** One of {@link SECURITY_CHECKS}. */
export type SecurityCheck = (typeof SECURITY_CHECKS)[number];

/** One thing the security suite found. `error` findings fail it. */
export interface SecurityFinding {
  readonly check: SecurityCheck;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** `kind:id` of the contribution concerned. */
  readonly contribution?: string;
  /** The (shrunk) input that shows it. */
  readonly input?: string;
  /**
   * The error code when the finding is about the suite's own limits rather than the plugin:
   * `TEST_SCHEMA_NOT_GENERATABLE` for an input schema it could not fuzz.
   */
  readonly code?: string;
  /** What to do about a coded finding. */
  readonly hint?: string;
}

/** The security suite's result. */
export interface SecurityReport {
  readonly plugin: string;
  /** No `error` finding. */
  readonly ok: boolean;
  readonly findings: readonly SecurityFinding[];
  /** Per check: passed, and why it was skipped if it was. */
  readonly checks: Readonly<Record<SecurityCheck, { ok: boolean; skipped?: string }>>;
  /** Declared permissions against those the plugin actually used while the suite ran it. */
  readonly permissions: {
    readonly declared: readonly string[];
    readonly used: readonly string[];
    /** Declared but never used: candidates to drop. */
    readonly unused: readonly string[];
    /** Permissions the plugin tried to use without declaring them. */
    readonly attempted: readonly string[];
  };
  /** Calls made into the plugin. */
  readonly calls: number;
}

/** Options of the security suite. */
export interface SecuritySuiteOptions {
  /** Generated inputs per contribution (default 25). */
  readonly fuzzRuns?: number;
  /** fast-check seed, for reproducible runs (default 1). */
  readonly seed?: number;
  /** Per-call deadline the suite imposes, capping the manifest's (default 2000 ms). */
  readonly timeoutMs?: number;
  /** Send hostile payloads too (default true). */
  readonly hostile?: boolean;
  /** Run the plugin under its declared isolation too: `auto` (default) when it is not `none`. */
  readonly isolation?: boolean | 'auto';
  /** Executors for the isolation check (default: the host's worker and process executors). */
  readonly sandboxExecutors?: { readonly limited: PluginExecutor; readonly strict: PluginExecutor };
  /** Plugins it requires, mounted first (folders or inline plugins). */
  readonly requires?: ReadonlyArray<PluginSource>;
  /**
   * Capabilities of the host the plugin is written for, usually its published descriptors with
   * fake implementations (as `createTestHost` takes them): a plugin that declares one of their
   * permissions loads, and every permission kind of theirs it does not declare is probed like
   * the kit's own (the call must be denied).
   */
  // biome-ignore lint/suspicious/noExplicitAny: each capability keeps its own descriptor type.
  readonly capabilities?: readonly HostCapability<any>[];
  /** The plugin's configuration. */
  readonly config?: Record<string, unknown>;
  /** Workspace files, environment and routes the plugin needs to run. */
  readonly files?: FileTree;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra routes; any other allowed request gets `200 {}`. */
  readonly net?: ReadonlyArray<Route>;
  readonly exec?: Readonly<Record<string, ExecFake>>;
  /** Fail on declared permissions the plugin never used (default false: reported as info). */
  readonly failOnUnusedPermissions?: boolean;
  /** Write the report as JSON here (for CI). */
  readonly reportFile?: string;
}
