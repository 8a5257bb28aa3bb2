import { definePlugin, type HostPluginEvent } from '@stack-plugin/pdk';
import { EventCounts, exposition } from './exposition.js';

/**
 * A monitoring plugin: it counts the host's plugin lifecycle events (granted by
 * `events:on:host.plugin.*`) and answers `monitor.prometheus` with every plugin's call metrics
 * (granted by `metrics:read`) in the Prometheus text exposition format. It holds no server: the
 * host serves the text wherever it exposes metrics.
 */
export default definePlugin({
  async activate(ctx) {
    const events = new EventCounts();
    await ctx.events.on('host.plugin.*', (event) => {
      // Only the host can publish host.* topics; checked anyway, since counts are trusted.
      if (event.source === 'host') events.add(event.payload as HostPluginEvent);
    });
    await ctx.commands.register('monitor.prometheus', async () =>
      exposition(await ctx.metrics.read(), events, ctx.config),
    );
  },
});
