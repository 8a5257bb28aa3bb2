import { defineStackProject } from '../../vitest.shared.ts';

// The CLI runs as its users run it, `node src/main.ts`, in child processes.
export default defineStackProject('example-host-app', { test: { testTimeout: 60_000 } });
