// Runs in a worker (isolation "limited"). The tracker is the host's: the plugin reaches it only
// through the `acme.tickets` capability the host defines, with the permission it asks for.
export default {
  async activate(ctx) {
    const tickets = ctx.host['acme.tickets'];
    await ctx.commands.register('tickets.open', async ({ title }) => {
      const ticket = await tickets.open({ title });
      await ctx.events.emit('tickets.opened', ticket);
      return ticket;
    });
    await ctx.commands.register('tickets.list', () => tickets.list());
  },
};
