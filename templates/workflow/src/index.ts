import { definePlugin } from '@stack-plugin/pdk';
import { bumpLevel, bumpVersion, collectChanges, planRelease, renderNotes } from './release.js';

/**
 * A workflow plugin: three steps and the `release.prepare` workflow that chains them. The
 * workflow (in stack-plugin.json) passes each step's output to the next with
 * `${steps.<id>.output.<key>}` placeholders; the host runs the steps in `needs` order. The
 * `release.plan` command gives the same answer in one call, for callers that only run commands
 * (`stack-plugin run release.plan`, a chat agent, a UI button).
 */
export default definePlugin({
  async activate(ctx) {
    await ctx.commands.register('release.plan', (input) =>
      planRelease(input.current, input.commits),
    );
    await ctx.steps.register('changes.collect', (input) => collectChanges(input.commits));
    await ctx.steps.register('version.bump', (input) => {
      const level = bumpLevel(input.changes);
      return { version: bumpVersion(input.current, level), level };
    });
    await ctx.steps.register('notes.render', (input) => ({
      markdown: renderNotes(input.version, input.changes),
    }));
  },
});
