import { defineCommand } from '../command.js';

/** `stack-plugin outdated`: newer published versions of the installed plugins, and what they change. */
export default defineCommand({
  name: 'outdated',
  summary: 'Show newer versions of installed plugins, in range and beyond, with what they change',
  usage: 'stack-plugin outdated [package...] [--config FILE] [--registry URL] [--json]',
  description: [
    'For each named plugin (default: every { "package" } entry of stack.config.json), asks the',
    'registry (the real npm client, with your npm configuration) for newer versions than the',
    'installed one: those the range in package.json allows (what `update` would consider) and',
    'those beyond it. For the newest of each group, its own stack-plugin.json (read from its',
    'tarball, no scripts run) tells whether its "host" range accepts this host and which',
    'permissions it asks for beyond those granted now (the grants recorded in stack.config.json,',
    'else the installed manifest), with their risk. Nothing is installed or changed.',
    '',
    'Exit status: 0 when every plugin could be checked (outdated or not), 1 when one is not',
    'installed or its registry could not be asked (listed with its error), 2 on bad usage.',
  ].join('\n'),
  examples: ['stack-plugin outdated', 'stack-plugin outdated stack-plugin-github --json'],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    registry: { type: 'string', valueName: 'URL', description: 'Registry to ask' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, names: ['package'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const project = await import('./_host-project.js');
    const { formatOutdated, outdatedPlugin } = await import('./_outdated-plugin.js');
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    const names = project.packageNames(config, positionals);
    const registry = values.registry === undefined ? [] : ['--registry', values.registry];
    const outcomes = [];
    for (const name of names) {
      const granted = config.plugins.find((entry) => entry.package === name)?.permissions;
      outcomes.push(
        await outdatedPlugin(host, name, {
          io,
          registry,
          granted: Array.isArray(granted) ? (granted as string[]) : undefined,
        }),
      );
    }
    io.stdout(
      io.json ? `${JSON.stringify(outcomes, null, 2)}\n` : formatOutdated(outcomes, io.color),
    );
    return outcomes.some((o) => o.error !== undefined) ? 1 : 0;
  },
});
