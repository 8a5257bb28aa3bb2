// Runs in a worker (isolation "limited"): it reaches state and events only through the host's
// broker, with the permissions its manifest asks for.
export default {
  async activate(ctx) {
    await ctx.commands.register('tickets.open', async ({ title }) => {
      const tickets = (await ctx.state.get('tickets')) ?? [];
      const ticket = { id: tickets.length + 1, title };
      await ctx.state.set('tickets', [...tickets, ticket]);
      await ctx.events.emit('tickets.opened', ticket);
      return ticket;
    });
    await ctx.commands.register('tickets.list', async () => (await ctx.state.get('tickets')) ?? []);
  },
};
