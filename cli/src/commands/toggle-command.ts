import { type CommandDefinition, defineCommand } from '../command.js';

/**
 * `enable` or `disable`: the same option, argument and run, differing in their texts and in
 * the state they write. The work is imported on first use, so `--help` loads none of it.
 */
export function toggleCommand(
  enabled: boolean,
  texts: Pick<CommandDefinition, 'name' | 'summary' | 'usage' | 'description' | 'examples'>,
) {
  return defineCommand({
    ...texts,
    options: {
      config: {
        type: 'string',
        valueName: 'FILE',
        description: 'Host config file (default ./stack.config.json)',
      },
    },
    positionals: { min: 1, max: 1, names: ['plugin'] },
    async run({ values, positionals, io }) {
      const { resolve } = await import('node:path');
      const { hostProject } = await import('./_host-project.js');
      const { runToggle } = await import('./_toggle-plugin.js');
      const project = hostProject(
        io.cwd,
        values.config === undefined ? undefined : resolve(io.cwd, values.config),
      );
      return runToggle(io, project, positionals[0] as string, enabled);
    },
  });
}
