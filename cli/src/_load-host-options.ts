/**
 * The options of the commands that start a host only to report on its plugins (`list`,
 * `info`): one table, so both parse and document them alike. No runtime imports: every
 * command module is loaded for the global `--help`.
 */
export const LOAD_HOST_OPTIONS = {
  config: {
    type: 'string',
    valueName: 'FILE',
    description: 'Host config file (default ./stack.config.json)',
  },
  'no-activate': {
    type: 'boolean',
    description: 'Validate and check dependencies only; run no plugin code',
  },
} as const;
