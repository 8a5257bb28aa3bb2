import { defineStackProject } from '../vitest.shared.ts';

// Tests of the repository's own tooling (scripts/*.ts).
export default defineStackProject('scripts', { test: { include: ['*.test.ts'] } });
