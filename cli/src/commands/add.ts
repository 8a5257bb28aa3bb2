import { defineCommand } from '../command.js';

/** `stack-plugin add`: verify a plugin's tarball, ask consent, install exactly it, record it. */
export default defineCommand({
  name: 'add',
  summary: 'Verify, then install a plugin into this host project and add it to stack.config.json',
  usage:
    'stack-plugin add <package[@range] | folder | file.tgz | tarball URL | git URL> [--yes] [--accept-permissions] [--config FILE] [--registry URL] [--json]',
  description: [
    'Checks the package as a host would before anything loads it: a valid stack-plugin.json, a',
    '"host" range that accepts this host API version, and the integrity/signature policy of',
    'stack.config.json ("policy.requireSignatures", "policy.trustedKeys") and its governance',
    'rules (plugins and publishers allow/deny, maxRisk, isolationByRisk; in "mode": "warn" they',
    'are printed as warnings). A package declaring',
    'install scripts is refused unless "policy.allowInstallScripts" names it. The permissions',
    'the plugin asks for are shown with their risk; without a terminal to ask, pass',
    '--accept-permissions (or --yes) to grant them. A registry package is installed with one',
    '`npm install --ignore-scripts` (nothing of it runs) and checked where npm put it. A folder,',
    'tarball or git package is fetched as one tarball first (`npm pack --ignore-scripts`),',
    'checked, installed from a verified copy in .stack-plugin/packages/, and the files on disk',
    'are compared with it. The plugin is recorded as { "package", "permissions" } in',
    'stack.config.json: the host refuses a later version asking for more. If anything fails,',
    'package.json, the lockfile, node_modules and the config are put back exactly as they were.',
  ].join('\n'),
  examples: [
    'stack-plugin add stack-plugin-github',
    'stack-plugin add @acme/stack-notes@^2.1.0 --accept-permissions',
    'stack-plugin add ./plugins/notes-1.0.0.tgz',
  ],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    registry: { type: 'string', valueName: 'URL', description: 'Registry to install from' },
    yes: { type: 'boolean', short: 'y', description: 'Grant the permissions shown without asking' },
    'accept-permissions': {
      type: 'boolean',
      description: 'Grant the permissions shown without asking (explicit form for CI)',
    },
    json: { type: 'boolean', description: 'Print { name, version, host, recorded } as JSON' },
  },
  positionals: { min: 1, max: 1, names: ['package'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const project = await import('./_host-project.js');
    const { sourceKind } = await import('./_acquire-package.js');
    const { installedText, installVerified } = await import('./_install-plugin.js');
    const { printable } = await import('../_printable.js');
    const spec = positionals[0] as string;
    const range =
      sourceKind(spec, io.cwd) === 'registry' ? project.parsePackageSpec(spec).range : undefined;
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    const outcome = await installVerified({
      host,
      spec,
      io,
      registry: values.registry === undefined ? [] : ['--registry', values.registry],
      policy: config.policy as never,
      accepted: values.yes === true || values['accept-permissions'] === true,
      command: 'add',
      range,
    });
    const { name, version, hostRange, recorded, permissions } = outcome;
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ name, version, host: hostRange, recorded, permissions, config: host.configFile }, null, 2)}\n`,
      );
    } else {
      const headline = `Added ${printable(name)}@${printable(version)} (host API ${printable(hostRange)})`;
      io.stdout(installedText(outcome, headline, host.configFile));
    }
    return 0;
  },
});
