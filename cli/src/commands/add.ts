import { defineCommand } from '../command.js';

/** `stack-plugin add`: install a plugin with npm, check it, and record it in stack.config.json. */
export default defineCommand({
  name: 'add',
  summary: 'Install a plugin into this host project and add it to stack.config.json',
  usage: 'stack-plugin add <package>[@range] [--config FILE] [--registry URL] [--json]',
  description: [
    'Runs `npm install <package>[@range]` in the current folder, then runs the checks a host',
    'runs before loading it, without running its code: a valid stack-plugin.json, a "host" range',
    'that accepts this host API version, and the integrity/signature policy of stack.config.json',
    '("policy.requireSignatures", "policy.trustedKeys"). If a check fails, package.json,',
    'package-lock.json and node_modules are put back as they were. On success the plugin is',
    'recorded as { "package": "<name>" } in stack.config.json (created if missing).',
  ].join('\n'),
  examples: ['stack-plugin add stack-plugin-github', 'stack-plugin add @acme/stack-notes@^2.1.0'],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    registry: { type: 'string', valueName: 'URL', description: 'Registry to install from' },
    json: { type: 'boolean', description: 'Print { name, version, host, recorded } as JSON' },
  },
  positionals: { min: 1, max: 1, names: ['package'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const project = await import('./_host-project.js');
    const { runNpm } = await import('./_npm.js');
    const { checkInstalledPlugin } = await import('./_check-installed-plugin.js');
    const spec = positionals[0] as string;
    const { name } = project.parsePackageSpec(spec);
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    await project.ensurePackageJson(host);
    const before = await project.snapshotProject(host);
    const registry = values.registry === undefined ? [] : ['--registry', values.registry];
    await runNpm(['install', '--save', '--no-audit', '--no-fund', ...registry, spec], {
      cwd: io.cwd,
      env: io.env,
    });
    let version: string;
    let hostRange: string;
    try {
      const pkg = await checkInstalledPlugin(host, name, config.policy as never);
      version = pkg.version;
      hostRange = pkg.manifest.host;
    } catch (error) {
      await project.restoreProject(before);
      await runNpm(['install', '--no-audit', '--no-fund', ...registry], {
        cwd: io.cwd,
        env: io.env,
      });
      throw error;
    }
    const recorded = !config.plugins.some((entry) => entry.package === name);
    if (recorded) {
      config.plugins.push({ package: name });
      await project.writeHostConfig(host, config);
    }
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ name, version, host: hostRange, recorded, config: host.configFile }, null, 2)}\n`,
      );
    } else {
      io.stdout(
        `Added ${name}@${version} (host API ${hostRange})\n` +
          (recorded
            ? `  recorded in ${host.configFile}\n`
            : `  already listed in ${host.configFile}\n`),
      );
    }
    return 0;
  },
});
