#!/usr/bin/env node
// The published bin: the compiled CLI, started with the process's arguments.
// Kept to syntax and APIs every Node still in use has, so that an older Node gets a coded
// error instead of a SyntaxError or a missing-export crash from deep inside the CLI.
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';

// The one floor is package.json's `engines.node` (">=22.12"); read, not repeated here.
const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .engines.node;
const floor = /^>=\s*(\d+)\.(\d+)/.exec(engines);
const [major, minor] = process.versions.node.split('.').map(Number);
if (floor && (major < +floor[1] || (major === +floor[1] && minor < +floor[2]))) {
  // The text of cliErrors.NODE_UNSUPPORTED (the catalog cannot be loaded on an old Node; a
  // test renders both and compares them), as the CLI prints any error, or as JSON with --json.
  const error = {
    code: 'NODE_UNSUPPORTED',
    message: `stack-plugin needs Node ${engines}; this is Node ${process.versions.node}.`,
    hint: `Install Node ${floor[1]}.${floor[2]} or newer (nvm, fnm, volta or your package manager), then run it again.`,
  };
  process.stderr.write(
    process.argv.includes('--json')
      ? `${JSON.stringify({ error })}\n`
      : `error ${error.code} ${error.message}\n  hint: ${error.hint}\n`,
  );
  process.exit(1);
}

// Reuse V8's compiled code of the CLI and its dependencies across runs (kept in the OS temp
// folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): it saves a large part of start-up.
// Enabled before the CLI is imported, so that its modules are covered; a read-only cache
// folder only costs the speed-up.
try {
  nodeModule.enableCompileCache?.();
} catch {}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The one answer scripts ask for most, given without loading the command framework: it
  // takes 24 ms of wall time instead of 35 (hyperfine, Node 24, 2-core machine).
  const { cliVersion } = await import('../dist/version.js');
  process.stdout.write(`${cliVersion()}\n`);
} else {
  const { main } = await import('../dist/main.js');
  await main();
}
