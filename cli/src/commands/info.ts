import { LOAD_HOST_OPTIONS } from '../_load-host-options.js';
import { defineCommand } from '../command.js';

/** `stack-plugin info`: one configured plugin, its permissions with risk, state and versions. */
export default defineCommand({
  name: 'info',
  summary: 'Show one plugin: manifest, permissions with risk, state, versions',
  usage: 'stack-plugin info <plugin> [--config FILE] [--no-activate] [--json]',
  description: [
    'Shows one plugin of stack.config.json (or --config): how the config reaches it and whether',
    'it is enabled, its description, category, host API range (and whether this host accepts',
    'it), isolation asked for and applied, requirements, each permission with its risk and what',
    'it allows, grants recorded in the config, contributions, the installed version and the',
    'range package.json declares. The state is what a host made of it: like `list`, a host is',
    'started over the config (--no-activate: validated and checked, no plugin code run).',
    '',
    'Exit status: 0 when the plugin is healthy, 1 when it failed, is not installed, is not a',
    'plugin of the config (PLUGIN_NOT_CONFIGURED, with the closest name) or the config is',
    'invalid, 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin info stack-plugin-github',
    'stack-plugin info notes --no-activate --json',
  ],
  options: LOAD_HOST_OPTIONS,
  positionals: { min: 1, max: 1, names: ['plugin'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { hostProject } = await import('./_host-project.js');
    const { formatInfo, pluginInfo } = await import('./_plugin-info.js');
    const project = hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const info = await pluginInfo(io, project, positionals[0] as string, {
      config: values.config,
      noActivate: values['no-activate'],
    });
    io.stdout(io.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info, io.color));
    return ['failed', 'refused', 'not-found'].includes(info.state) ? 1 : 0;
  },
});
