// Small publishable plugins for the management tests: no dependencies, one command.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the fixture plugin's activate() does. */
export type FixtureBehaviour = 'ok' | 'throw-on-activate';

/** Write a plugin package `name@version` into `dir` and return the folder. */
export async function writeFixturePlugin(
  dir: string,
  options: {
    name: string;
    version: string;
    host?: string;
    behaviour?: FixtureBehaviour;
    keyword?: boolean;
    permissions?: string[];
  },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const command = `${options.name.replace(/^@.*\//, '').replace(/[^a-z0-9]+/g, '-')}.version`;
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: options.name,
        version: options.version,
        description: `Fixture plugin ${options.name} for the distribution tests`,
        type: 'module',
        main: 'index.js',
        keywords: options.keyword === false ? ['fixture'] : ['stack-plugin', 'fixture'],
        license: 'MIT',
        engines: { node: '>=22.12' },
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(
    join(dir, 'stack-plugin.json'),
    `${JSON.stringify(
      {
        category: 'micro',
        host: options.host ?? '^1.0.0',
        ...(options.permissions === undefined ? {} : { permissions: options.permissions }),
        contributes: { commands: [{ id: command, title: 'Report the plugin version' }] },
      },
      null,
      2,
    )}\n`,
  );
  const body =
    options.behaviour === 'throw-on-activate'
      ? `throw new Error('broken release ${options.version}');`
      : `await ctx.commands.register('${command}', () => ({ version: '${options.version}' }));`;
  await writeFile(
    join(dir, 'index.js'),
    `export default {\n  async activate(ctx) {\n    ${body}\n  },\n};\n`,
  );
  return dir;
}
