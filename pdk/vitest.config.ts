import { defineStackProject } from '../vitest.shared.ts';

export default defineStackProject('pdk', {
  test: {
    // Type tests (expectTypeOf) run through tsc; they fail when capability or id narrowing
    // regresses. test/types-registry is checked by `npm run typecheck` in its own program,
    // because its module augmentation would leak into every other type test.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
