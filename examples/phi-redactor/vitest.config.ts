import { defineStackProject } from '../../vitest.shared.ts';

// toRespondWith, toRejectWithCode and the other Stack matchers, as in a generated project.
export default defineStackProject('example-phi-redactor', {
  test: { setupFiles: ['@stack-plugin/test-harness/matchers'] },
});
