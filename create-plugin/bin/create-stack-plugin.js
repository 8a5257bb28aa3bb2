#!/usr/bin/env node
import * as nodeModule from 'node:module';
import './_skip-inquirer.js';

// Cache the compiled code of the scaffolder and its dependencies (node-plop, Handlebars, ...)
// on disk: from the second run on, start-up skips most of the parsing and compiling.
// Node 22.1+; errors (read-only cache folder) only cost the speed-up.
try {
  nodeModule.enableCompileCache?.();
} catch {}

const { run } = await import('../dist/main.js');
process.exitCode = await run(process.argv.slice(2));
