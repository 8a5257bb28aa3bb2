import type { BrokerTools } from './_broker-tools.js';
import type { CapabilityCallHandler } from './capability-calls.js';
import { budgetExceeded, DEFAULT_PLUGIN_BUDGETS } from './plugin-budgets.js';

/**
 * `ctx.metrics`: `count` and `gauge` record the plugin's own series in its metrics (no
 * permission, not audited, like logging: what a plugin says about itself), validated and
 * bounded by the `metricSeries` budget; `read` needs `metrics:read` and reports every plugin.
 */
export function metricsCall(tools: BrokerTools): CapabilityCallHandler {
  return (method, args) => {
    const metrics = tools.deps.metrics;
    if (metrics === undefined) {
      throw tools.invalid(`The capability call metrics.${method}`, 'this host keeps no metrics');
    }
    if (method === 'read') {
      tools.check('metrics', 'read', '', 'metrics:read', "read the host's plugin metrics");
      return metrics.read();
    }
    if (method !== 'count' && method !== 'gauge') throw tools.unknownCall('metrics', method);
    const kind = method === 'count' ? 'counter' : 'gauge';
    const value = kind === 'counter' && args[1] === undefined ? 1 : args[1];
    const limit = (tools.deps.budgets?.() ?? DEFAULT_PLUGIN_BUDGETS).metricSeries;
    const recorder = metrics.of(tools.plugin);
    if (recorder === undefined) {
      throw tools.invalid(
        `The capability call metrics.${method}`,
        'the plugin is not in this host',
      );
    }
    const outcome = recorder.record(kind, args[0], value, args[2] ?? {}, limit);
    if (typeof outcome === 'string') {
      throw tools.invalid(`The ${kind} ${JSON.stringify(String(args[0]).slice(0, 128))}`, outcome);
    }
    if (outcome === false) {
      throw budgetExceeded(tools.plugin, 'metricSeries', limit, `a new series of "${args[0]}"`);
    }
    return undefined;
  };
}
