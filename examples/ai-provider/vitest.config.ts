import { defineStackProject } from '../../vitest.shared.ts';

export default defineStackProject('example-ai-provider', {
  test: {
    // toHaveRecordedMetric, toHaveRequested, ... and the end-of-test host checks.
    setupFiles: ['@stack-plugin/test-harness/matchers'],
    // eventsource-parser publishes a `source` condition pointing at its TypeScript, which our
    // `source` condition selects and Node refuses to load from node_modules: vitest
    // transforms it instead of handing it to Node (as cli/vitest.config.ts does).
    server: { deps: { inline: ['eventsource-parser'] } },
  },
});
