import { defineCommand } from '../command.js';

/** `stack-plugin typegen [dir] [--check]`: writes the plugin's declaration file from its manifest. */
export default defineCommand({
  name: 'typegen',
  summary: 'Generate the TypeScript types of a plugin from its manifest',
  usage: 'stack-plugin typegen [dir] [--check] [--out <file>] [--json]',
  description: [
    'Writes stack-plugin-env.d.ts at the plugin root. It augments PluginTypeRegistry of',
    "@stack-plugin/pdk, so that in definePlugin ctx.config has the type of the manifest's",
    '"config" schema, ctx only has the capabilities its "permissions" grant, and contribution',
    'ids and handler input/output types follow "contributes". Build and test scripts of a',
    'plugin run it first; commit the file or ignore it, as you prefer.',
    '',
    "Capabilities a host defines are typed too (ctx.host['acme.tickets']): list the modules",
    'that publish their descriptors in package.json, "stackPlugin": { "hostCapabilities":',
    '["@acme/stack-host-capabilities"] } (a package, or a path relative to the plugin folder).',
    '',
    'With --check nothing is written; exits 1 when the file is missing or stale (for CI).',
  ].join('\n'),
  examples: ['stack-plugin typegen', 'stack-plugin typegen --check'],
  options: {
    check: {
      type: 'boolean',
      description: 'Exit 1 if the file is missing or out of date; write nothing',
    },
    out: {
      type: 'string',
      valueName: 'file',
      description: 'Output file relative to the plugin folder (default stack-plugin-env.d.ts)',
    },
    json: { type: 'boolean', description: 'Print { "file", "stale", "written" } as JSON' },
  },
  positionals: { min: 0, max: 1, names: ['dir'] },
  async run({ values, positionals, io }) {
    const { relative, resolve } = await import('node:path');
    const { generatePluginTypes } = await import('../typegen/generate-plugin-types.js');
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const result = await generatePluginTypes(dir, {
      check: values.check === true,
      ...(values.out === undefined ? {} : { outFile: values.out }),
    });
    const shown = relative(io.cwd, result.file) || result.file;
    const failed = values.check === true && result.stale;
    if (io.json) {
      io.stdout(
        `${JSON.stringify({ file: result.file, stale: result.stale, written: result.written }, null, 2)}\n`,
      );
    } else if (failed) {
      io.stderr(`${shown} is out of date with stack-plugin.json: run \`stack-plugin typegen\`.\n`);
    } else {
      io.stdout(result.written ? `Wrote ${shown}\n` : `${shown} is up to date\n`);
    }
    return failed ? 1 : 0;
  },
});
