/**
 * Rewrites the permission table of docs/plugin-authors.md from the capability table. Runs with
 * plain Node 24 (type stripping): `node scripts/write-capability-docs.ts`. A test fails when
 * the committed page differs from what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';

// The sources import each other as `./x.js` (what tsc emits); let Node find `./x.ts`.
const resolveTs = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(resolveTs)}`);

const { withCapabilityTable } = await import('../src/capabilities/capability-docs.ts');
const page = new URL('../../docs/plugin-authors.md', import.meta.url);
writeFileSync(page, withCapabilityTable(readFileSync(page, 'utf8')));
