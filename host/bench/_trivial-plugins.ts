/**
 * Trivial plugins for the host benches: `p<i>` in `<dir>/p<i>`, each contributing the command
 * `c<i>` that answers `i`, with `manifest` merged into its stack-plugin.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeTrivialPlugins(
  dir: string,
  count: number,
  manifest: Record<string, unknown> = {},
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const plugin = join(dir, `p${i}`);
    await mkdir(plugin, { recursive: true });
    await writeFile(
      join(plugin, 'package.json'),
      JSON.stringify({
        name: `p${i}`,
        version: '1.0.0',
        description: 'trivial plugin',
        type: 'module',
        main: 'index.js',
        keywords: ['stack-plugin'],
        engines: { node: '>=22.12' },
      }),
    );
    await writeFile(
      join(plugin, 'stack-plugin.json'),
      JSON.stringify({
        host: '^1.0.0',
        category: 'micro',
        ...manifest,
        contributes: { commands: [{ id: `c${i}` }] },
      }),
    );
    await writeFile(
      join(plugin, 'index.js'),
      `export default { async activate(ctx) { await ctx.commands.register('c${i}', () => ${i}); } };\n`,
    );
  }
}
