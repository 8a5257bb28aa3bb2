#!/usr/bin/env node
import './_skip-inquirer.js';

const { run } = await import('../dist/main.js');
process.exitCode = await run(process.argv.slice(2));
