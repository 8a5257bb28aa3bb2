import { describe, expectTypeOf, it } from 'vitest';
import type { ContributionKindName, HandlerKindName, Manifest } from '../../src/index.js';

describe('contribution kinds', () => {
  // CONTRIBUTION_KINDS lives apart from the TypeBox definition (cheap to import); this keeps
  // the two from drifting.
  it('names exactly the keys the manifest has under contributes', () => {
    expectTypeOf<
      keyof NonNullable<Manifest['contributes']>
    >().toEqualTypeOf<ContributionKindName>();
  });

  // CALLABLE_KINDS cannot `satisfies` ContributionKindName in its own module: the manifest type
  // it would check against is built from CALLABLE_KINDS, a circular reference.
  it('lists only kinds the manifest has under contributes', () => {
    expectTypeOf<HandlerKindName>().toExtend<ContributionKindName>();
    expectTypeOf<Exclude<ContributionKindName, HandlerKindName>>().toEqualTypeOf<
      'workflows' | 'events' | 'themes'
    >();
  });
});
