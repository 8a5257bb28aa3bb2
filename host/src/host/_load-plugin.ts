import { isAbsolute, resolve } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import { discoverPlugins, resolvePackageDir } from '../discovery/discover-plugins.js';
import { hostErrors } from '../host-errors.js';
import type { HostContext } from './_host-context.js';
import type { PreparedPlugin } from './_prepare-plugin.js';
import type { Host } from './host-types.js';
import type { PluginController, PluginRequest } from './plugin-controller.js';
import type { PluginRegistry } from './plugin-registry.js';
import { type Refusal, refusalOf } from './refused-plugin.js';

/** What {@link createPluginLoader} needs from the host. */
export interface PluginLoaderDeps {
  readonly context: HostContext;
  readonly registry: PluginRegistry;
  readonly redactor: Redactor;
  /** Reads, verifies and validates the plugin in `dir` against the current policy. */
  readonly prepare: (dir: string, request: PluginRequest) => Promise<PreparedPlugin>;
  /** A controller for a prepared plugin, not yet admitted to the registry. */
  readonly control: (prepared: PreparedPlugin, request: PluginRequest) => PluginController;
  /** Keeps a plugin refused before it could be admitted, so `host.plugins()` shows it. */
  readonly refuse: (refusal: Refusal) => Promise<void>;
}

/** The host's `load` and `reload`: one plugin at a time, outside the configured start. */
export function createPluginLoader(deps: PluginLoaderDeps): Pick<Host, 'load' | 'reload'> {
  const { context, registry, redactor, prepare, control } = deps;
  // What leaves the host must not carry a secret the plugin's files or config held.
  const redacted = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      throw redactor.redactError(error);
    });

  return {
    async load(source, loadOptions = {}) {
      await context.readConfig();
      const dir =
        'path' in source
          ? isAbsolute(source.path)
            ? source.path
            : resolve(context.root, source.path)
          : resolvePackageDir(context.root, source.package);
      const label = 'path' in source ? source.path : source.package;
      const request = {
        entry: undefined,
        runtimeConfig: loadOptions.config,
        isolation: loadOptions.isolation,
      };
      let controller: PluginController;
      try {
        if (dir === undefined) {
          throw createError(hostErrors.PLUGIN_NOT_FOUND, { plugin: label }, { plugin: label });
        }
        controller = control(await prepare(dir, request), request);
        // Narrowed before its code can run; a reload keeps it (see `setGrants`).
        if (loadOptions.grants !== undefined) controller.setGrants(loadOptions.grants);
      } catch (error) {
        await deps.refuse(refusalOf(error, label, dir, redactor));
        throw redactor.redactError(error);
      }
      registry.admit(controller);
      registry.checkRequirements([controller]);
      if (controller.state === 'failed') throw controller.error;
      // A lazy plugin stays lazy, as at start: its first use activates it.
      if (loadOptions.activate !== false) await registry.ready(controller.name);
      return controller.status();
    },

    async reload(name) {
      const controller = registry.find(name);
      // The host config is read again: a changed entry (config values, grants, isolation)
      // applies to the new code, as the policy does.
      await context.rereadConfig();
      const entry = await configuredEntry(context, controller.prepared.pkg.dir);
      const request = { ...controller.request, entry: entry ?? controller.request.entry };
      return controller.reload(async (asked) => {
        const next = await redacted(prepare(controller.prepared.pkg.dir, asked));
        if (next.pkg.name !== name) {
          const detail = `the package was renamed to "${next.pkg.name}"; unload it and load the new one`;
          throw createError(pdkErrors.MANIFEST_INVALID, { plugin: name, detail }, { plugin: name });
        }
        return next;
      }, request);
    },
  };
}

/** The host config entry of the plugin in `dir`, as the config now reads. */
async function configuredEntry(context: HostContext, dir: string) {
  const { sources } = await discoverPlugins(
    context.root,
    context.configured,
    context.configBaseDir,
  );
  return sources.find((source) => resolve(source.dir) === resolve(dir))?.entry;
}
