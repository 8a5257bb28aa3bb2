/**
 * Regression: `typegen` checked config defaults against their patterns with JavaScript's
 * backtracking engine, so a manifest with a catastrophic pattern and a crafted default hung it.
 */

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { generatePluginTypes } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/typed-plugin', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A copy of the typed fixture whose `greeting` config property has `extra` keywords. */
async function pluginWith(extra: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-typegen-redos-'));
  dirs.push(dir);
  await cp(fixture, dir, { recursive: true });
  const file = join(dir, 'stack-plugin.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  Object.assign(manifest.config.properties.greeting, extra);
  await writeFile(file, JSON.stringify(manifest, null, 2));
  return dir;
}

it('generates types for a manifest whose default backtracks catastrophically, quickly', async () => {
  // 2^30 steps with a backtracking engine: about 20 s on these machines.
  const dir = await pluginWith({ pattern: '^(a+)+$', default: `${'a'.repeat(30)}!` });
  const started = performance.now();
  await generatePluginTypes(dir);
  expect(performance.now() - started).toBeLessThan(3_000);
});

it('refuses a pattern the linear engine cannot run, naming it', async () => {
  const dir = await pluginWith({ pattern: '^(?!admin)' });
  await expect(generatePluginTypes(dir)).rejects.toMatchObject({
    code: 'MANIFEST_INVALID',
    message: expect.stringContaining(
      'JSON_SCHEMA_PATTERN_UNSUPPORTED at stack-plugin.json#/config/properties/greeting/pattern: The pattern "^(?!admin)" is refused',
    ),
    data: {
      issues: [
        expect.objectContaining({
          code: 'JSON_SCHEMA_PATTERN_UNSUPPORTED',
          path: '/config/properties/greeting/pattern',
        }),
      ],
    },
  });
});
