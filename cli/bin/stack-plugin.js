#!/usr/bin/env node
// The published bin: the compiled CLI, started with the process's arguments.
import { main } from '../dist/main.js';

await main();
