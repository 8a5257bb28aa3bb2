import { resolve } from 'node:path';
import {
  createHost,
  discoverPlugins,
  type HostConfig,
  loadHostConfig,
  type PluginStatus,
} from '@stack-plugin/host';
import { type ErrorJson, isStackPluginError } from '@stack-plugin/pdk';
import { printable } from '../_printable.js';
import type { CommandIo } from '../command.js';
import { ownPluginConfig } from './_own-plugin.js';

/** What a host reported after start-up. */
export interface LoadedHost {
  /** Every plugin the host knows, as it reported it after start-up. */
  readonly plugins: readonly PluginStatus[];
  /** Failures of config entries that never became plugins (unresolvable packages). */
  readonly problems: ReadonlyArray<ErrorJson['error']>;
}

/**
 * Start a host over the project's config the way `stack-plugin run` would, note what every
 * plugin became, and stop it. With `noActivate`, every plugin found becomes an explicit,
 * disabled entry: `start()` then validates and checks the graph but runs no plugin code
 * (folder discovery alone would enable them). Warnings and errors the host logs go to stderr
 * unless the output is JSON.
 */
export async function loadHost(
  io: CommandIo,
  options: { readonly config?: string | undefined; readonly noActivate?: boolean | undefined },
): Promise<LoadedHost> {
  const configFile = options.config === undefined ? undefined : resolve(io.cwd, options.config);
  const own = ownPluginConfig(io, options.config);
  let config: HostConfig | undefined = own;
  if (options.noActivate === true) {
    const loaded =
      own === undefined
        ? await loadHostConfig(io.cwd, configFile)
        : { config: own, baseDir: io.cwd };
    const { sources, unresolved } = await discoverPlugins(io.cwd, loaded.config, loaded.baseDir);
    config = {
      ...loaded.config,
      discover: {},
      plugins: [
        ...sources.map(({ dir, entry }) => {
          const { package: _package, ...rest } = entry ?? {};
          return { ...rest, path: dir, enabled: false };
        }),
        ...unresolved.map((u) => ({ package: u.label, enabled: false })),
      ],
    };
  } else if (own === undefined) {
    // The host's own loader, so an invalid config fails here with its error, before start.
    await loadHostConfig(io.cwd, configFile);
  }
  const host = createHost({
    root: io.cwd,
    ...(config !== undefined ? { config } : configFile === undefined ? {} : { config: configFile }),
    env: { ...io.env },
    services: {
      logger: {
        write(record) {
          if (io.json || (record.level !== 'warn' && record.level !== 'error')) return;
          io.stderr(
            `[${record.level}] ${printable(record.plugin ?? 'host')}: ${printable(record.message)}\n`,
          );
        },
      },
    },
  });
  const problems: Array<ErrorJson['error']> = [];
  try {
    try {
      await host.start();
    } catch (error) {
      if (!isStackPluginError(error) || error.code !== 'HOST_STARTUP_FAILED') throw error;
      // Failures of known plugins show in their rows; the rest (unresolvable entries) here.
      const known = new Set(host.plugins().map((p) => p.name));
      const shown = new Set<unknown>(host.plugins().map((p) => p.error));
      for (const failure of error.errors) {
        if (!shown.has(failure) && !known.has(failure.plugin ?? '')) {
          problems.push(failure.toJSON());
        }
      }
    }
    return { plugins: host.plugins(), problems };
  } finally {
    await host.stop();
  }
}
