/**
 * Names of the state stores, the one rule for every state service. Plugin stores are
 * `plugin:<name>` and the shared one is `host:shared`: a package name cannot contain `:`, so
 * no plugin's store can be another's or the shared one (before, a package named `shared`
 * read and overwrote the shared store).
 */

/** The store `ctx.state.shared` reads and writes. */
export const SHARED_STATE_SCOPE = 'host:shared';

const PLUGIN_PREFIX = 'plugin:';

/** The private store of `plugin`. */
export function pluginStateScope(plugin: string): string {
  return `${PLUGIN_PREFIX}${plugin}`;
}

/**
 * The name `scope` had before stores were namespaced (the bare plugin name, `shared`), whose
 * data a durable store migrates on first use; undefined when there is none. The old `shared`
 * store belongs to the shared scope: a plugin named `shared` wrote into it, which cannot be
 * told apart afterwards, so that plugin starts empty.
 */
export function legacyStateScope(scope: string): string | undefined {
  if (scope === SHARED_STATE_SCOPE) return 'shared';
  if (!scope.startsWith(PLUGIN_PREFIX)) return undefined;
  const name = scope.slice(PLUGIN_PREFIX.length);
  return name === 'shared' ? undefined : name;
}
