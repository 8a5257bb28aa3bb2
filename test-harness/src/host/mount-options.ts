import type { GrantNarrowing } from '@stack-plugin/pdk';

/** Options of `TestHost.mount` and `mountPlugin`. */
export interface MountOptions {
  /** The plugin's configuration (the runtime layer; validated against its `config` schema). */
  readonly config?: Record<string, unknown>;
  /**
   * Activate right away (default true), as a host's start would: a lazy plugin (manifest
   * `activationEvents` without `onStartup`) is left `lazy` and activated by its first use,
   * the same as in a real host; `plugin.enable()` activates it now.
   */
  readonly activate?: boolean;
  /** Initial values of the plugin's own state. */
  readonly state?: Readonly<Record<string, unknown>>;
  /**
   * Narrows what its manifest asks for, as `grant`/`deny` in a host's stack.config.json do:
   * `{ deny: ['net'] }`, `{ grant: ['fs:read:data/**'] }`.
   */
  readonly grants?: GrantNarrowing;
}
