/**
 * `npm run docs` at the repository root: the project's own reference (pdk, host, test-harness)
 * with the guides in `docs/`, as a searchable site and Markdown under `dist/docs/`.
 * Runs under plain Node (type stripping) against the built `@stack-plugin/docs-gen`.
 */
import { relative, resolve } from 'node:path';
import { generateWorkspaceDocs } from '@stack-plugin/docs-gen';

const root = resolve(import.meta.dirname, '..', '..');
const result = await generateWorkspaceDocs({
  name: 'Stack PDK',
  packages: ['pdk', 'host', 'test-harness'].map((p) => resolve(root, p)),
  guides: resolve(root, 'docs'),
  out: resolve(root, 'dist', 'docs'),
});
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
console.log(
  `Stack PDK docs: ${relative(process.cwd(), `${result.html}/index.html`)} and ${relative(process.cwd(), `${result.markdown}/README.md`)} (${result.searchEntries} search entries, ${result.examplesChecked} examples compiled)`,
);
