import { defineStackProject } from '../../vitest.shared.ts';

export default defineStackProject('example-github-issues');
