import { toggleCommand } from './toggle-command.js';

/** `stack-plugin disable`: Disable a plugin in stack.config.json (validated, not activated). */
export default toggleCommand(false, {
  name: 'disable',
  summary: 'Disable a plugin in stack.config.json (validated, not activated)',
  usage: 'stack-plugin disable <plugin> [--config FILE] [--json]',
  description: [
    'Sets "enabled": false on the entry of the plugin in stack.config.json (or --config): a',
    'host still validates it but runs none of its code. A plugin found by "discover" gets an',
    'entry for its folder. A plugin already disabled is left as it is (exit 0). Enabled plugins',
    'that require it are named: a host does not start them while it is disabled.',
    'The file is edited in place: its formatting and other content stay as written, the result',
    'is checked against the host config schema before it replaces the file in one rename.',
    '',
    'Exit status: 0 when the plugin is (now or already) disabled, 1 when it is not a plugin of the',
    'config (PLUGIN_NOT_CONFIGURED, with the closest name) or the config is invalid, 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin disable stack-plugin-github',
    'stack-plugin disable notes --config ci/stack.config.json --json',
  ],
});
