export default {
  async activate(ctx) {
    await ctx.commands.register('nightly.hello', () => 'hello from an unsigned build');
  },
};
