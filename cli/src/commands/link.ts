import { defineCommand } from '../command.js';

/** `stack-plugin link`: a plugin folder under development, linked after the same checks. */
export default defineCommand({
  name: 'link',
  summary: 'Link a plugin folder under development into this host project, after verifying it',
  usage: 'stack-plugin link <folder> [--yes] [--accept-permissions] [--config FILE] [--json]',
  description: [
    'Packs the folder as npm would publish it (no script runs) and checks that package like',
    '`add` does: manifest, host range, integrity/signature policy, install scripts, and consent',
    'to its permissions. Then npm links the folder (--ignore-scripts) so edits show up without',
    're-installing, and the plugin is recorded with its permissions in stack.config.json. The',
    'host still verifies the files on every load, so a linked folder that no longer matches',
    'its integrity manifest (or asks for more than was granted) is refused there.',
  ].join('\n'),
  examples: ['stack-plugin link ../my-plugin', 'stack-plugin link ./plugins/notes --yes'],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    yes: { type: 'boolean', short: 'y', description: 'Grant the permissions shown without asking' },
    'accept-permissions': {
      type: 'boolean',
      description: 'Grant the permissions shown without asking (explicit form for CI)',
    },
    json: { type: 'boolean', description: 'Print { name, version, host, recorded } as JSON' },
  },
  positionals: { min: 1, max: 1, names: ['folder'] },
  async run({ values, positionals, io }) {
    const { existsSync, statSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { createError } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const project = await import('./_host-project.js');
    const { installedText, installVerified } = await import('./_install-plugin.js');
    const { printable } = await import('../_printable.js');
    const folder = resolve(io.cwd, positionals[0] as string);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw createError(cliErrors.BAD_USAGE, {
        command: 'link',
        detail: `${folder} is not a folder`,
      });
    }
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    const outcome = await installVerified({
      host,
      spec: folder,
      io,
      registry: [],
      policy: config.policy as never,
      accepted: values.yes === true || values['accept-permissions'] === true,
      command: 'link',
      link: true,
    });
    const { name, version, hostRange, recorded, permissions } = outcome;
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ name, version, host: hostRange, recorded, permissions, linked: folder }, null, 2)}\n`,
      );
    } else {
      const headline = `Linked ${printable(name)}@${printable(version)} from ${folder}`;
      io.stdout(installedText(outcome, headline, host.configFile));
    }
    return 0;
  },
});
