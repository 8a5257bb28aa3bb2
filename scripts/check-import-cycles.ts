// Fails when any module of the repository imports itself back, through any chain of relative
// imports, type-only ones included. Run by `npm run lint`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCycles, importGraph, listSources } from './import-cycles.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = [
  'pdk',
  'host',
  'test-harness',
  'docs-gen',
  'create-plugin',
  'cli',
  'templates',
  'examples',
  'e2e',
  'scripts',
];

const files = PACKAGES.flatMap((dir) => listSources(join(root, dir)));
const cycles = findCycles(importGraph(root, files));
if (cycles.length > 0) {
  console.error(
    `Import cycles (${cycles.length}); move the shared types to the module that owns them:`,
  );
  for (const cycle of cycles) console.error(`  ${cycle.join(' -> ')}`);
  process.exitCode = 1;
} else {
  console.log(`No import cycles in ${files.length} files.`);
}
