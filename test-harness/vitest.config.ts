import { defineStackProject } from '../vitest.shared.ts';

export default defineStackProject('test-harness', {
  test: { setupFiles: ['./src/matchers/setup.ts'] },
});
