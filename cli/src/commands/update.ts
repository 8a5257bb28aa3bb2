import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/** `stack-plugin update`: newer plugin versions within range, host-compatible, with rollback. */
export default defineCommand({
  name: 'update',
  summary: 'Update plugins within their semver ranges, rolling back any that fail to activate',
  usage:
    'stack-plugin update [package...] [--yes] [--accept-permissions] [--config FILE] [--registry URL] [--json]',
  description: [
    'For each named plugin (default: every { "package" } entry of stack.config.json), finds the',
    'newest published version that satisfies the range in package.json and whose "host" range',
    'accepts this host API version (newer versions for another host are skipped and reported).',
    'That version goes through the same verified install as `add` (tarball checked before',
    'anything is installed, no install scripts, --ignore-scripts); a version asking for',
    'permissions beyond those recorded in stack.config.json needs consent again',
    '(--accept-permissions without a terminal). A real host then checks that the plugin',
    'activates. When any of this fails, package.json, the lockfile, node_modules and the config',
    'are restored exactly and the command exits 1 with PLUGIN_UPDATE_ROLLED_BACK.',
  ].join('\n'),
  examples: ['stack-plugin update', 'stack-plugin update stack-plugin-github --json'],
  options: {
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    registry: { type: 'string', valueName: 'URL', description: 'Registry to update from' },
    yes: { type: 'boolean', short: 'y', description: 'Grant widened permissions without asking' },
    'accept-permissions': {
      type: 'boolean',
      description: 'Grant widened permissions without asking (explicit form for CI)',
    },
    json: {
      type: 'boolean',
      description: 'Print [{ name, from, to, range, status, skipped }] as JSON',
    },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY, names: ['package'] },
  async run({ values, positionals, io }) {
    const { resolve } = await import('node:path');
    const { createError, isStackPluginError, toClause, toErrorJson } = await import(
      '@stack-plugin/pdk'
    );
    const { cliErrors } = await import('../cli-errors.js');
    const project = await import('./_host-project.js');
    const { updatePlugin } = await import('./_update-plugin.js');
    const host = project.hostProject(
      io.cwd,
      values.config === undefined ? undefined : resolve(io.cwd, values.config),
    );
    const config = await project.readHostConfig(host);
    const names = project.packageNames(config, positionals);
    const registry = values.registry === undefined ? [] : ['--registry', values.registry];
    const outcomes = [];
    for (const name of names) {
      outcomes.push(
        await updatePlugin(host, name, {
          io,
          registry,
          accepted: values.yes === true || values['accept-permissions'] === true,
        }),
      );
    }
    const failed = outcomes.filter((o) => o.status === 'rolled-back');
    if (io.json) {
      const shape = outcomes.map(({ error, ...rest }) =>
        error === undefined ? rest : { ...rest, error: toErrorJson(error).error },
      );
      io.stdout(`${JSON.stringify(shape, null, 2)}\n`);
    } else {
      for (const o of outcomes) {
        const line =
          o.status === 'updated'
            ? `Updated ${o.name} ${o.from} -> ${o.to} (range ${o.range})`
            : o.status === 'up-to-date'
              ? `${o.name} ${o.from} is the newest compatible version in ${o.range}`
              : `Rolled back ${o.name} to ${o.from} (${o.attempted} failed)`;
        io.stdout(`${printable(line)}\n`);
        for (const s of o.skipped)
          io.stdout(`${printable(`  skipped ${o.name}@${s.version}: needs host API ${s.host}`)}\n`);
      }
    }
    const first = failed[0];
    if (first === undefined) return 0;
    // The failure is listed with its own code and hint; only a non-catalog one is described.
    const inner = isStackPluginError(first.error) ? first.error : undefined;
    throw createError(
      cliErrors.PLUGIN_UPDATE_ROLLED_BACK,
      {
        plugin: first.name,
        from: first.from,
        to: first.attempted ?? 'the newer version',
        ...(inner === undefined ? { detail: toClause(first.error) } : {}),
      },
      { cause: first.error, ...(inner === undefined ? {} : { errors: [inner] }) },
    );
  },
});
