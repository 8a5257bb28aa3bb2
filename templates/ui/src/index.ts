import { definePlugin } from '@stack-plugin/pdk';
import { renderBadge, THEMES } from './themes.js';

/**
 * A UI plugin: two themes (declared in stack-plugin.json, tokens served by `theme.tokens`) and
 * a formatter that renders a status badge in the configured theme.
 */
export default definePlugin({
  async activate(ctx) {
    await ctx.commands.register('theme.tokens', (input) => ({ ...THEMES[input.theme] }));
    await ctx.formatters.register('status.badge', (input) =>
      renderBadge(input.label, input.status, THEMES[ctx.config.theme]),
    );
  },
});
