import { defineStackProject } from '../vitest.shared.ts';

/** Checks that span every package (the error catalogs). */
export default defineStackProject('repo', { test: { include: ['*.test.ts'] } });
