import type { PermissionKind } from '../capabilities/capabilities.js';

export type { PermissionKind } from '../capabilities/capabilities.js';
export { PERMISSION_KINDS } from '../capabilities/capability-index.js';

/** A parsed permission string. */
export interface Permission {
  /** What the permission grants access to. */
  kind: PermissionKind;
  /** The string as it was written. */
  raw: string;
  /**
   * What it applies to, normalised: a glob relative to the workspace root (`fs:*`), a host or
   * host wildcard (`net`), a NAME (`env`, `secret`), a command name (`exec`) or a topic pattern
   * (`events:*`). Absent for `state` and `state:shared`.
   */
  target?: string;
  /** The port of a `net:` permission; absent means any port. */
  port?: number;
  /**
   * The first arguments (subcommands) an `exec:` permission allows, sorted: `exec:git:log,status`
   * runs `git log ...` and `git status ...` only. Absent means any arguments.
   */
  args?: string[];
}
