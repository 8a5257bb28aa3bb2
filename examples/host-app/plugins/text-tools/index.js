// Pure functions of their input: safe to run in the host's own process (isolation "none"),
// and its signature is what lets the host trust it to.
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export default {
  async activate(ctx) {
    await ctx.transformers.register('text.trim', ({ text }) => ({ text: text.trim() }));
    await ctx.transformers.register('text.upper', ({ text }) => ({ text: text.toUpperCase() }));
    await ctx.transformers.register('text.redact-emails', ({ text }) => ({
      text: text.replace(EMAIL, '[email]'),
    }));
  },
};
