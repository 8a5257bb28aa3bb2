#!/usr/bin/env node
// Built-ins by process.getBuiltinModule, not by ES import: an import builds a namespace that
// reads every export, and for node:fs that loads its streams (milliseconds of every run).
const { statSync } = process.getBuiltinModule('node:fs');
const nodeModule = process.getBuiltinModule('node:module');

// Cache the compiled code of the scaffolder and its dependencies (node-plop, Handlebars, ...)
// on disk: from the second run on, start-up skips most of the parsing and compiling.
// Node 22.1+; errors (read-only cache folder) only cost the speed-up.
try {
  nodeModule.enableCompileCache?.();
} catch {}

// The esbuild bundle (`npm run bundle`, see scripts/bundle.ts) loads a few files instead of
// about 50 modules. It is used only when it is at least as new as the last tsc build of this
// package and of the contract package it inlines (a .tsbuildinfo is rewritten whenever an
// output changes; pdk's is not there in a published install), so a build without a fresh bundle
// never runs stale code; otherwise the tsc output runs.
// Paths by joining strings onto `import.meta.dirname` (Node 20.11+): cheaper than a URL each.
const modified = (path) =>
  statSync(`${import.meta.dirname}/${path}`, { throwIfNoEntry: false })?.mtimeMs;
const bundled = modified('../dist/bundle/main.js');
const useBundle =
  bundled !== undefined &&
  ['../dist/.tsbuildinfo', '../../pdk/dist/.tsbuildinfo'].every(
    (built) => bundled >= (modified(built) ?? 0),
  );
const { run } = await import(useBundle ? '../dist/bundle/main.js' : '../dist/main.js');
process.exitCode = await run(process.argv.slice(2));
