// Asks for `fs:read:**`; the host decides how much of that it gets.
export default {
  async activate(ctx) {
    await ctx.commands.register('files.read', async ({ path }) => ({
      text: await ctx.fs.readFile(path),
    }));
  },
};
