/**
 * The risk levels of a permission, least harmful first: the one list that the host config's
 * policy schema, the host's policy check and the CLI's ordering read.
 */
export const PERMISSION_RISKS = ['low', 'medium', 'high', 'critical'] as const;

/** How much harm a permission allows if the plugin is malicious or compromised. */
export type PermissionRisk = (typeof PERMISSION_RISKS)[number];

/** A permission explained for people deciding whether to grant it. */
export interface PermissionDescription {
  /** How much harm it allows. */
  risk: PermissionRisk;
  /** One plain-language sentence saying what the plugin may do. */
  summary: string;
  /**
   * Set when the permission is legal but broader than most plugins need; the validator
   * reports it as a `PERMISSION_RISKY` warning.
   */
  warning?: string;
}

/**
 * How the target of a permission is written and matched. `parsePermission` and `findGrant`
 * dispatch on it, so a new permission kind reuses an existing syntax without touching them.
 * - `glob`: a workspace-relative glob; requests are paths (`fs:read:src/**`).
 * - `host`: a host or `*.`-wildcard with an optional port; requests name one host and port.
 * - `env-name`, `secret-name`: one name, matched exactly (`STACK_SECRET_*` variables are
 *   secrets, never an `env-name`).
 * - `command`: a program name, matched exactly, with an optional list of the first arguments
 *   (subcommands) it may be run with: `git:status,log`.
 * - `topic`: a topic pattern; requests are concrete topics (`events:emit:`).
 * - `topic-pattern`: a topic pattern; requests are patterns the grant must cover (`events:on:`).
 * - `none`: no target (`state`).
 * - `optional-name`: the kind alone grants the capability's default target, `kind:<name>` one
 *   more named target (`db`, `db:reports`); names are lower-case identifiers, matched exactly.
 *   The target is the first argument of every method, '' for the default one.
 */
export type TargetSyntax =
  | 'optional-name'
  | 'glob'
  | 'host'
  | 'env-name'
  | 'secret-name'
  | 'command'
  | 'topic'
  | 'topic-pattern'
  | 'none';

/** One permission kind a capability is granted by, with its grammar and its plain-language text. */
export interface PermissionDescriptor {
  /** The kind as written before the target: `fs:read`, `net`, `state`. */
  readonly kind: string;
  /** How it is written in a manifest, for docs: `fs:read:<glob>`. */
  readonly grammar: string;
  /** How the target is written and matched. */
  readonly target: TargetSyntax;
  /** Other spellings accepted and normalised to `kind` (`secrets` for `secret`). */
  readonly aliases?: readonly string[];
  /** Kinds this one also grants (`state:shared` grants `state`). */
  readonly implies?: readonly string[];
  /**
   * Risk and plain-language sentence for one granted target; `target` is '' for `none`,
   * `args` the first arguments an `exec:` grant lists. Rated by behaviour where it can be
   * (a glob by what its matcher reaches, a program by whether it can run arbitrary code).
   */
  readonly describe: (
    target: string,
    port: number | undefined,
    args?: readonly string[],
  ) => PermissionDescription;
}

/** A JSON Schema (draft 2020-12) of one parameter or result. */
export type CapabilitySchema = Readonly<Record<string, unknown>>;

/**
 * How the plugin-side runtime exposes a wire method on `ctx`:
 * - `call`: a function at `ctx.<path>.<method>` forwarding its arguments (most methods);
 * - `function`: the capability itself is that function (`ctx.exec(...)`);
 * - `listener`: takes a listener function, kept plugin-side and addressed by id (`events.on`);
 * - `registry`: `ctx.<kind>.register(id, handler)` for every handler kind (`contributions`);
 * - `logger`: `ctx.log.debug/info/warn/error`, fire-and-forget;
 * - `transaction`: `ctx.<path>.<method>(fn)` opens a unit of work on the host (the method
 *   resolves with its id), calls `fn` with the capability's `call` methods bound to it, then
 *   calls the method's `ends` (commit when `fn` resolves, rollback when it throws);
 * - `internal`: called by the runtime itself (an `off`, a commit), not a `ctx` member.
 */
export type MethodExposure =
  | 'call'
  | 'function'
  | 'listener'
  | 'registry'
  | 'logger'
  | 'transaction'
  | 'internal';

/** One method a capability offers over the wire. */
export interface MethodDescriptor {
  /** What it does, in plain words (docs). */
  readonly summary: string;
  /** The permission kind it needs; absent when the capability needs none. */
  readonly permission?: string;
  /** Positional parameters, as they cross the wire. */
  readonly params: readonly CapabilitySchema[];
  /** What it resolves with. */
  readonly result: CapabilitySchema;
  /** How `ctx` exposes it; `call` when absent. */
  readonly exposure?: MethodExposure;
  /**
   * For a `transaction` method: its `internal` methods that end the unit of work, called with
   * the target and its id. Inside it, the `call` methods get the id as their last parameter.
   */
  readonly ends?: { readonly commit: string; readonly rollback: string };
}

/**
 * One capability: everything the host, the sandbox, the harness, the types and the docs need
 * to know about it. `CAPABILITIES` lists them; the rest is derived.
 */
export interface CapabilityDescriptor {
  /** The name on the wire and of the host service that performs it (`fs`, `sharedState`). */
  readonly name: string;
  /**
   * The host service that performs it (a key of the host's `HostServices`), or `host` when
   * the host does it itself (its event bus, its command routing, its contribution registry).
   */
  readonly service: string;
  /** Where it sits on `ctx`, dotted (`state.shared`); '' when it has no member of its own. */
  readonly ctx: string;
  /** Title for docs and consent screens. */
  readonly title: string;
  /** What it lets a plugin do, in one plain-language sentence. */
  readonly summary: string;
  /** The highest risk any of its grants can carry (docs and consent sort by it). */
  readonly risk: PermissionRisk;
  /** Whether its calls cross the sandbox boundary as capability messages. */
  readonly crossesSandbox: boolean;
  /** The page under `docs/capabilities/` that explains it. */
  readonly docs: string;
  /** The permission kinds that grant it; empty when every plugin has it. */
  readonly permissions: readonly PermissionDescriptor[];
  /** Its wire methods. */
  readonly methods: Readonly<Record<string, MethodDescriptor>>;
  /**
   * With an `optional-name` permission: the `ctx` method returning the capability's methods
   * bound to one named target (`ctx.db.use('reports')`); its own methods use the default one.
   */
  readonly select?: string;
}

/** Returns its argument, typed: one capability descriptor (see `CAPABILITIES`). */
export function defineCapability<const D extends CapabilityDescriptor>(descriptor: D): D {
  return descriptor;
}
