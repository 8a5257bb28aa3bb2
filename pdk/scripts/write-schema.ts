/**
 * Writes schema/stack-plugin.schema.json and schema/stack-config.schema.json from their TypeBox
 * definitions, and next to them the validators precompiled from them (see validator-modules.ts). Runs with plain Node 24 (type
 * stripping): `node scripts/write-schema.ts`. Tests fail when the committed files differ from
 * what this produces.
 */
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { generateValidatorModules } from './validator-modules.ts';

// The sources import each other as `./x.js` (what tsc emits); let Node find `./x.ts`.
const resolveTs = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(resolveTs)}`);

const { generatedManifestJsonSchema } = await import('../src/manifest/manifest-schema.ts');
const { generatedHostConfigJsonSchema } = await import('../src/host-config/host-config-schema.ts');
const root = new URL('../', import.meta.url);
const files = [
  {
    path: 'schema/stack-plugin.schema.json',
    text: `${JSON.stringify(generatedManifestJsonSchema, null, 2)}\n`,
  },
  {
    path: 'schema/stack-config.schema.json',
    text: `${JSON.stringify(generatedHostConfigJsonSchema, null, 2)}\n`,
  },
  ...generateValidatorModules(generatedManifestJsonSchema, generatedHostConfigJsonSchema),
];
for (const { path, text } of files) {
  writeFileSync(new URL(path, root), text);
  console.log(`wrote ${new URL(path, root).pathname}`);
}
