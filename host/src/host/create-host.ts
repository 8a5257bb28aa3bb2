import { Redactor } from '../broker/redactor.js';
import { createHostCapabilityTable } from '../capabilities/host-capability.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { createEventPublishing } from './_event-publishing.js';
import { createHookRunner } from './_hooks.js';
import { createHostAudit } from './_host-audit.js';
import { HostContext } from './_host-context.js';
import { createHostLog, errorText } from './_host-log.js';
import { createInvoker } from './_invoke.js';
import { createLazyActivation } from './_lazy-activation.js';
import { createPluginLoader } from './_load-plugin.js';
import { createPluginWiring } from './_plugin-wiring.js';
import { createGrantControls } from './_runtime-grants.js';
import { startPlugins } from './_start-plugins.js';
import { createWorkflowRunner } from './_workflows.js';
import { callContribution } from './call-contribution.js';
import { ContributionRoutes } from './contribution-routes.js';
import { ExecutorPool } from './executor-pool.js';
import { HostEvents } from './host-events.js';
import type { CreateHostOptions, Host } from './host-types.js';
import { listContributions } from './list-contributions.js';
import { PluginRegistry } from './plugin-registry.js';

// Wiring only: each plugin's state is its PluginController's, the order of lifecycle
// operations across plugins is the PluginRegistry's, and calls go through the routes.

/**
 * Creates a host. Nothing is read or run until {@link Host.start} or {@link Host.load}.
 *
 * @example
 * ```ts
 * import { createHost } from '@stack-plugin/host';
 *
 * // Plugins come from <root>/stack.config.json; fs permissions are relative to root.
 * const host = createHost({ root: process.cwd() });
 * await host.start();
 * try {
 *   const result = await host.execute('notes.create', { title: 'hi' });
 *   console.log(result);
 * } finally {
 *   await host.stop();
 * }
 * ```
 */
export function createHost(options: CreateHostOptions): Host {
  const context = new HostContext(options);
  const { services } = context;
  const validator = new SchemaValidator();
  const redactor = new Redactor();
  const registry = new PluginRegistry();
  const executors = new ExecutorPool(options.executors, options.sandbox);
  const hostCapabilities = createHostCapabilityTable(options.capabilities);

  const log = createHostLog(services, redactor);
  const listenerFailed = (error: unknown) =>
    log('warn', `host event listener failed: ${errorText(error)}`);
  const { audit, openAuditFile, closeAuditFile, recordHostCall } = createHostAudit({
    context,
    auditCapacity: options.auditCapacity,
    log,
    listenerFailed,
  });
  const { budgets, bus, eventSchemas, publish, events } = createEventPublishing({
    context,
    eventHistory: options.eventHistory,
    registry,
    validator,
    log,
  });

  const hostEvents = new HostEvents(bus, audit, listenerFailed);
  const routes = new ContributionRoutes(bus, () => services.clock);
  const lazy = createLazyActivation({ registry, routes, bus });
  const invoke = createInvoker({
    routes,
    validator,
    redactor,
    wake: lazy.forContribution,
    failedProvider: (kind, id) => registry.failedProvider(kind, id),
    samples: hostEvents,
    now: () => services.clock.now(),
    onCrash: (view, generation, error) =>
      registry.get(view.prepared.pkg.name)?.crashed(generation, error),
  });
  const hooks = createHookRunner({ registry, invoke, log });
  // Every command call (host, plugin, workflow step) passes its command hooks.
  const call: typeof invoke = (kind, id, input, callOptions) =>
    kind === 'commands'
      ? hooks.aroundCommand(id, input, callOptions, invoke)
      : invoke(kind, id, input, callOptions);
  const { prepare, control, refuse, onStateChange } = createPluginWiring({
    context,
    options,
    registry,
    routes,
    executors,
    redactor,
    validator,
    hostCapabilities,
    audit,
    log,
    budgets,
    publish,
    eventSchemas,
    call,
    hooks,
    lazy,
  });
  const loader = createPluginLoader({ context, registry, redactor, prepare, control, refuse });
  // Calls the application makes are audited like a plugin's, under its caller name.
  const hostCall: typeof call = (kind, id, input, callOptions) => {
    recordHostCall(callOptions?.caller ?? 'host', kind, id, services.clock.now());
    return call(kind, id, input, callOptions);
  };

  const host: Host = {
    async start() {
      await context.renew();
      closeAuditFile();
      openAuditFile();
      let failure: unknown;
      try {
        await startPlugins({
          context,
          registry,
          redactor,
          prepare: async (dir, request) => control(await prepare(dir, request), request),
          refuse,
        });
      } catch (error) {
        failure = error;
      }
      // Healthy plugins are active even when others failed: their hooks see the start.
      const active = registry.all().filter((c) => c.state === 'active');
      await hooks.callSeries('host.start', { plugins: active.map((c) => c.name) });
      if (failure !== undefined) throw failure;
    },
    async stop() {
      await hooks.callSeries('host.stop', {});
      await registry.stop();
      await executors.close();
      await context.close();
      closeAuditFile();
    },
    ...loader,
    enable: (name) => registry.enable(name),
    disable: (name) => registry.disable(name),
    unload: (name) => registry.unload(name),
    ...createGrantControls(registry),
    plugins: () => [
      ...registry.all().map((c) => c.status()),
      ...registry.refused().map((r) => r.status()),
    ],
    plugin: (name) => (registry.get(name) ?? registry.refusedOne(name))?.status(),
    execute: (commandId, input, callOptions) => hostCall('commands', commandId, input, callOptions),
    invoke: hostCall,
    ...createWorkflowRunner({
      context,
      routes,
      registry,
      invoke: call,
      validator,
      hooks,
      wake: lazy.forWorkflow,
    }),
    events,
    audit: () => audit.entries(),
    on: (type, listener) => hostEvents.on(type, listener),
    // Loaded on first use, so hosts that never export metrics do not load prom-client.
    metricsText: async () =>
      (await import('./prometheus-metrics.js')).formatPrometheusMetrics(host.plugins()),
    contributions: (query) => listContributions(host.plugins(), query),
    call: (ref, input, callOptions) => callContribution(host, ref, input, callOptions),
    // Loaded on first use, so hosts that never watch do not load chokidar.
    watch: async (options) => (await import('./watch-plugins.js')).watchPlugins(host, options),
    onStateChange,
  };
  return host;
}
