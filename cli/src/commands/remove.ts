import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/** `stack-plugin remove`: drop a plugin from stack.config.json and uninstall it. */
export default defineCommand({
  name: 'remove',
  summary: 'Remove a plugin from stack.config.json and uninstall it',
  usage: 'stack-plugin remove <package> [--config FILE] [--keep-package] [--json]',
  description: [
    'Removes every { "package": "<name>" } entry from stack.config.json, then runs',
    '`npm uninstall <name>` (unless --keep-package). Refuses when another configured plugin',
    '"requires" it, since that plugin would then fail to start.',
  ].join('\n'),
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    'keep-package': {
      type: 'boolean',
      description: 'Only edit stack.config.json; keep the npm dependency',
    },
    json: { type: 'boolean', description: 'Print { name, removedEntries, uninstalled } as JSON' },
  },
  positionals: { min: 1, max: 1, names: ['package'] },
  async run({ values, positionals, io }) {
    const { join, resolve } = await import('node:path');
    const { createError, readPluginPackage } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const project = await import('./_host-project.js');
    const { runNpm } = await import('./_npm.js');
    const { name } = project.parsePackageSpec(positionals[0] as string);
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    const installed = await project.installedVersion(host, name);
    const entries = config.plugins.filter((entry) => entry.package === name);
    if (entries.length === 0 && installed === undefined) {
      throw createError(cliErrors.PACKAGE_NOT_INSTALLED, {
        plugin: name,
        configFile: host.configFile,
        cwd: io.cwd,
      });
    }
    for (const entry of config.plugins) {
      if (entry.package === name || typeof entry.package !== 'string') continue;
      const other = await readPluginPackage(join(io.cwd, 'node_modules', entry.package)).catch(
        () => undefined,
      );
      const range = other?.manifest.requires?.[name];
      if (range !== undefined) {
        throw createError(cliErrors.PLUGIN_STILL_REQUIRED, {
          plugin: name,
          dependent: entry.package,
          range,
        });
      }
    }
    config.plugins = config.plugins.filter((entry) => entry.package !== name);
    if (entries.length > 0) await project.writeHostConfig(host, config);
    const uninstall = values['keep-package'] !== true && installed !== undefined;
    if (uninstall)
      await runNpm(['uninstall', '--ignore-scripts', '--no-audit', '--no-fund', name], {
        cwd: io.cwd,
        env: io.env,
      });
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ name, removedEntries: entries.length, uninstalled: uninstall }, null, 2)}\n`,
      );
    } else {
      io.stdout(
        `Removed ${name}${installed === undefined ? '' : `@${printable(installed)}`}` +
          `${entries.length > 0 ? ` from ${host.configFile}` : ''}${uninstall ? ' and uninstalled it' : ''}\n`,
      );
    }
    return 0;
  },
});
