import { toggleCommand } from './toggle-command.js';

/** `stack-plugin enable`: Enable a plugin in stack.config.json (a host activates it at start). */
export default toggleCommand(true, {
  name: 'enable',
  summary: 'Enable a plugin in stack.config.json (a host activates it at start)',
  usage: 'stack-plugin enable <plugin> [--config FILE] [--json]',
  description: [
    'Removes "enabled": false from the entry of the plugin in stack.config.json (or --config),',
    'so a host activates it at start. A plugin already enabled is left as it is (exit 0).',
    'The file is edited in place: its formatting and other content stay as written, the result',
    'is checked against the host config schema before it replaces the file in one rename.',
    '',
    'Exit status: 0 when the plugin is (now or already) enabled, 1 when it is not a plugin of the',
    'config (PLUGIN_NOT_CONFIGURED, with the closest name) or the config is invalid, 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin enable stack-plugin-github',
    'stack-plugin enable notes --config ci/stack.config.json --json',
  ],
});
