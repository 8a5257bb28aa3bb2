import { definePlugin } from '@stack-plugin/pdk';
import { createApiClient } from './api-client.js';
import { toItem } from './item.js';

/**
 * An integration: commands that call the Example API with a token from the host's secret
 * store. `ctx.net` and `ctx.secrets` exist on `ctx` because stack-plugin.json grants
 * `net:api.example.com` and `secret:EXAMPLE_API_TOKEN`; any other host or secret is denied.
 */
export default definePlugin({
  async activate(ctx) {
    const client = async () => {
      const token = await ctx.secrets.get('EXAMPLE_API_TOKEN');
      if (token === undefined || token === '') {
        // The secret's name is EXAMPLE_API_TOKEN; the host's default store reads it from the
        // environment variable STACK_SECRET_EXAMPLE_API_TOKEN (or a configured secrets file).
        throw new Error(
          'The EXAMPLE_API_TOKEN secret is not set: set the STACK_SECRET_EXAMPLE_API_TOKEN environment variable (or add EXAMPLE_API_TOKEN to the host secrets file) before calling the Example API.',
        );
      }
      return createApiClient({
        fetch: (url, request) => ctx.net.fetch(url, request),
        token,
        retries: ctx.config.retries,
        retryDelayMs: ctx.config.retryDelayMs,
      });
    };

    await ctx.commands.register('items.get', async (input) => {
      const api = await client();
      return toItem(await api.getJson(`/items/${encodeURIComponent(input.id)}`));
    });

    await ctx.commands.register('items.list', async (input) => {
      const api = await client();
      const query = input.status === undefined ? '' : `?status=${input.status}`;
      const body = await api.getJson(`/items${query}`);
      if (!Array.isArray(body)) throw new Error('The Example API did not answer a list of items');
      const items = body.map(toItem);
      ctx.log.info('listed items', { count: items.length });
      return { items };
    });
  },
});
