import { type GrantNarrowing, narrowGrants, type PluginGrants } from '@stack-plugin/pdk';
import { assertGrantNarrowing, type PreparedPlugin } from './_prepare-plugin.js';

/**
 * One plugin's grants: the manifest's permissions, narrowed by its config entry's `grant` and
 * `deny` until `host.setGrants`/`revoke` replace that narrowing (kept across reloads). The
 * answer is memoised per prepared package and narrowing, and a change hands out a new object,
 * which is how a broker knows to drop its own memo.
 */
export class PluginGrantState {
  /** Set by `host.setGrants`/`revoke`: replaces the config entry's narrowing, across reloads. */
  #narrowing: GrantNarrowing | undefined;
  // The answer of `of`, for the package it was worked out for; `set` forgets it. Read on every
  // capability call the plugin makes (a broker compares it with the grants it memoised), so
  // the common case is one comparison.
  #from: PreparedPlugin | undefined;
  #grants: PluginGrants | undefined;

  /** The permissions in force for `from`, the package as last prepared. */
  of(from: PreparedPlugin): PluginGrants {
    if (from === this.#from) return this.#grants as PluginGrants;
    const grants = narrowGrants(from.pkg.manifest.permissions ?? [], this.narrowing(from));
    this.#from = from;
    this.#grants = grants;
    return grants;
  }

  /** The narrowing in force (runtime, else the config entry's). */
  narrowing(from: PreparedPlugin): GrantNarrowing {
    return this.#narrowing ?? from.narrowing;
  }

  /**
   * Replaces the narrowing with a copy of `narrowing`.
   *
   * @throws {@link StackPluginError} `GRANT_INVALID` when a grant narrows nothing requested.
   */
  set(from: PreparedPlugin, narrowing: GrantNarrowing): void {
    const copy: GrantNarrowing = {
      ...(narrowing.grant === undefined ? {} : { grant: [...narrowing.grant] }),
      ...(narrowing.deny === undefined ? {} : { deny: [...narrowing.deny] }),
    };
    assertGrantNarrowing(from.pkg.name, from.pkg.manifest.permissions ?? [], copy);
    this.#narrowing = copy;
    this.#from = undefined;
  }
}
