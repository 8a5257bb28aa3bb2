import { configDefaults } from 'vitest/config';
import { defineStackProject } from '../vitest.shared.ts';
import { SOAK_TESTS } from './vitest.soak.config.ts';

// The soak test runs in its own project, after every other one (see vitest.soak.config.ts).
export default defineStackProject('host', {
  test: { exclude: [...configDefaults.exclude, ...SOAK_TESTS] },
});
