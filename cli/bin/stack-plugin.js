#!/usr/bin/env node
// The published bin: the compiled CLI, started with the process's arguments.
import { enableCompileCache } from 'node:module';

// Reuse V8's compiled code of the CLI and its dependencies across runs (kept in the OS temp
// folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off): it saves a large part of start-up.
// Enabled before the CLI is imported, so that its modules are covered.
enableCompileCache();
const { main } = await import('../dist/main.js');

await main();
