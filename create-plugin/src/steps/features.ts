import { FEATURES, type FeatureName, type FeatureSet } from '../choices.js';
import { type CreateContext, resolveAnswer } from '../create-context.js';

const ALL_ON = Object.fromEntries(FEATURES.map((f) => [f.value, true])) as Record<
  FeatureName,
  boolean
>;

/**
 * Step 6: optional parts of the project. Any feature flag answers the question; features not
 * named keep their default (on).
 */
export async function features(ctx: CreateContext) {
  const given = ctx.flags.features;
  const value: FeatureSet = await resolveAnswer<FeatureSet>(ctx, {
    flag: '--features <list|none>',
    given: given === undefined ? undefined : { ...ALL_ON, ...given },
    fallback: ALL_ON,
    ask: async () => {
      const chosen = await ctx.prompt.multiselect({
        message: 'Include (space to toggle):',
        options: FEATURES,
        initial: FEATURES.map((f) => f.value),
      });
      return Object.fromEntries(FEATURES.map((f) => [f.value, chosen.includes(f.value)])) as Record<
        FeatureName,
        boolean
      >;
    },
  });
  return { features: value };
}
