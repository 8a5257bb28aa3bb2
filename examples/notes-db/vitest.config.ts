import { defineStackProject } from '../../vitest.shared.ts';

// toRespondWith, toRejectWithCode and the other Stack matchers, as in a generated project.
// The PostgreSQL cases start a server of their own (initdb), which takes a few seconds.
export default defineStackProject('example-notes-db', {
  test: { setupFiles: ['@stack-plugin/test-harness/matchers'], hookTimeout: 180_000 },
});
