// Plugin folders and host configs for the host-user commands (list, enable, disable, info):
// real packages on disk that a real host loads.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Write a plugin package in `root/folder` (named after the folder) and return its folder. */
export async function writePlugin(
  root: string,
  folder: string,
  manifest: object,
  code: string,
  version = '1.0.0',
): Promise<string> {
  const dir = join(root, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: basename(folder),
      version,
      description: 'host command test plugin',
      type: 'module',
      main: 'index.js',
      keywords: ['stack-plugin'],
      engines: { node: '>=22.12' },
    }),
  );
  await writeFile(
    join(dir, 'stack-plugin.json'),
    JSON.stringify({ host: '^1.0.0', category: 'integration', ...manifest }),
  );
  await writeFile(join(dir, 'index.js'), code);
  return dir;
}

/** A plugin that registers one command and does nothing else. */
export const commandPlugin = (id: string) =>
  `export default { async activate(ctx) { await ctx.commands.register('${id}', () => 'ok'); } };\n`;
