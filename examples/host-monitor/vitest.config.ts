import { defineStackProject } from '../../vitest.shared.ts';

// toRespondWith, toRejectWithCode and the other Stack matchers, as in a generated project.
export default defineStackProject('example-host-monitor', {
  test: { setupFiles: ['@stack-plugin/test-harness/matchers'] },
});
