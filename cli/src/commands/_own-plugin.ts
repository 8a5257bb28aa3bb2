import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOST_CONFIG_FILE, MANIFEST_FILE } from '@stack-plugin/pdk';
import type { CommandIo } from '../command.js';

/**
 * In a plugin's own folder (a manifest and no host config; `dir`, else the current folder) and
 * without `--config`, that plugin
 * is the host's one plugin: an author runs, lists and plans what they build without writing a
 * stack.config.json first. Returns that one-plugin config (and says so on stderr unless the
 * output is JSON or `quiet`), or undefined where the folder's host config, or `--config`,
 * decides.
 */
export function ownPluginConfig(
  io: CommandIo,
  configFlag: string | undefined,
  options: { readonly quiet?: boolean; readonly dir?: string } = {},
): { readonly plugins: [{ readonly path: string }] } | undefined {
  const dir = options.dir ?? io.cwd;
  if (
    configFlag !== undefined ||
    existsSync(resolve(dir, HOST_CONFIG_FILE)) ||
    !existsSync(resolve(dir, MANIFEST_FILE))
  ) {
    return undefined;
  }
  if (!io.json && options.quiet !== true) {
    io.stderr(`[info] no ${HOST_CONFIG_FILE} here: running this folder's plugin on its own\n`);
  }
  return { plugins: [{ path: '.' }] };
}
