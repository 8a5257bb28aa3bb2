import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, discoverPlugins, findInstalledPlugins } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  await writePlugin(join(dir, 'node_modules'), '@acme/installed', { name: '@acme/installed' });
  await writePlugin(join(dir, 'node_modules'), 'by-name', { name: 'by-name' });
  await mkdir(join(dir, 'node_modules', 'not-a-plugin'), { recursive: true });
  await writeFile(
    join(dir, 'node_modules', 'not-a-plugin', 'package.json'),
    '{"name":"not-a-plugin","keywords":["x"]}',
  );
  await writePlugin(join(dir, 'plugins'), 'one', {});
  await writePlugin(join(dir, 'plugins'), 'two', { manifest: { requires: { one: '^1.0.0' } } });
  await mkdir(join(dir, 'plugins', 'empty-folder'));
  return dir;
}

describe('discovery', () => {
  it('finds installed packages with the stack-plugin keyword, scoped ones too', async () => {
    const root = await workspace();
    expect(await findInstalledPlugins(root)).toEqual([
      join(root, 'node_modules', '@acme', 'installed'),
      join(root, 'node_modules', 'by-name'),
    ]);
  });

  it('combines the explicit list, plugin folders and installed packages, each folder once', async () => {
    const root = await workspace();
    const { sources, unresolved } = await discoverPlugins(root, {
      plugins: [
        { package: 'by-name', config: { x: 1 } },
        { package: 'ghost' },
        { path: 'plugins/one' },
      ],
      discover: { folders: ['plugins'], installed: true },
    });
    expect(
      sources.map((s) => [s.dir.slice(root.length + 1), s.label, s.entry !== undefined]),
    ).toEqual([
      ['node_modules/by-name', 'by-name', true],
      ['plugins/one', 'plugins/one', true],
      ['plugins/two', 'two', false],
      ['node_modules/@acme/installed', join(root, 'node_modules/@acme/installed'), false],
    ]);
    expect(unresolved.map((u) => [u.label, (u.error as Error & { code: string }).code])).toEqual([
      ['ghost', 'PLUGIN_NOT_FOUND'],
    ]);
  });

  it('starts what it discovers from stack.config.json in the root', async () => {
    const root = await workspace();
    await writeFile(
      join(root, 'stack.config.json'),
      JSON.stringify({
        plugins: [{ package: 'by-name' }],
        discover: { folders: ['plugins'], installed: true },
      }),
    );
    const host = createHost({ root, services: testServices(), env: {} });
    cleanups.push(() => host.stop());
    await host.start();
    expect(
      host
        .plugins()
        .map((p) => `${p.name}:${p.state}`)
        .sort(),
    ).toEqual(['@acme/installed:active', 'by-name:active', 'one:active', 'two:active']);
  });

  it('loads an installed package by name at run time', async () => {
    const root = await workspace();
    const host = createHost({ root, config: { plugins: [] }, services: testServices(), env: {} });
    cleanups.push(() => host.stop());
    await host.start();
    expect(await host.load({ package: '@acme/installed' })).toMatchObject({
      name: '@acme/installed',
      state: 'active',
    });
    await expect(host.load({ package: 'ghost' })).rejects.toMatchObject({
      code: 'PLUGIN_NOT_FOUND',
      plugin: 'ghost',
    });
  });
});
