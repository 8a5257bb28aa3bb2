import { definePlugin } from '@stack-plugin/pdk';
import { countBusinessDays } from './business-days.js';

/**
 * A skill plugin: one tool an AI agent can call. The agent sees the skill's title,
 * description and input schema (with a description on every field) from stack-plugin.json;
 * the host validates the agent's input against that schema before this handler runs.
 */
export default definePlugin({
  async activate(ctx) {
    await ctx.skills.register('dates.business-days', (input) =>
      countBusinessDays(input.from, input.to, input.holidays),
    );
  },
});
