/** The kinds of permission a plugin can request in its manifest. */
export type PermissionKind =
  | 'fs:read'
  | 'fs:write'
  | 'net'
  | 'env'
  | 'secret'
  | 'exec'
  | 'events:emit'
  | 'events:on'
  | 'state'
  | 'state:shared';

/** Every permission kind, in the order they are documented. */
export const PERMISSION_KINDS: readonly PermissionKind[] = [
  'fs:read',
  'fs:write',
  'net',
  'env',
  'secret',
  'exec',
  'events:emit',
  'events:on',
  'state',
  'state:shared',
];

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
}
