/**
 * Writes schema/stack-plugin.schema.json from the TypeBox definition. Runs with plain Node 24
 * (type stripping): `node scripts/write-schema.ts`. A test fails when the committed file
 * differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';

// The sources import each other as `./x.js` (what tsc emits); let Node find `./x.ts`.
const resolveTs = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(resolveTs)}`);

const { generatedManifestJsonSchema } = await import('../src/manifest/manifest-schema.ts');
const target = new URL('../schema/stack-plugin.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(generatedManifestJsonSchema, null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
