/**
 * Writes precompiled/templates.js (and its .d.ts) from the `.hbs` files of
 * @stack-plugin/templates; see template-module.ts. Runs with plain Node 24:
 * `npm run precompile-templates -w create-stack-plugin`. A test fails when the committed files
 * differ from what this produces.
 */
import { writeFile } from 'node:fs/promises';
import { generateTemplateModule } from './template-module.ts';

const root = new URL('../', import.meta.url);
for (const { path, text } of await generateTemplateModule()) {
  await writeFile(new URL(path, root), text);
  console.log(`wrote ${new URL(path, root).pathname}`);
}
