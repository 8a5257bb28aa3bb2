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
  #memo: { from: PreparedPlugin; narrowing: GrantNarrowing; grants: PluginGrants } | undefined;

  /** The permissions in force for `from`, the package as last prepared. */
  of(from: PreparedPlugin): PluginGrants {
    const narrowing = this.narrowing(from);
    const memo = this.#memo;
    if (memo !== undefined && memo.from === from && memo.narrowing === narrowing) {
      return memo.grants;
    }
    const grants = narrowGrants(from.pkg.manifest.permissions ?? [], narrowing);
    this.#memo = { from, narrowing, grants };
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
  }
}
