/**
 * The options of the commands that call plugins in a host built from stack.config.json
 * (`run`, `mcp`): one table, so both parse and document them alike. No runtime imports: every
 * command module is loaded for the global `--help`.
 */
export const CALL_HOST_OPTIONS = {
  config: {
    type: 'string',
    valueName: 'FILE',
    description: 'Host config file (default ./stack.config.json)',
  },
  isolation: {
    type: 'string',
    valueName: 'LEVEL',
    description: 'Raise every plugin to at least none, limited or strict',
  },
} as const;
