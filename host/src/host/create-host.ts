import { resolve } from 'node:path';
import { HOST_PLUGIN_EVENTS } from '@stack-plugin/pdk';
import { AuditFileSink } from '../broker/audit-file-sink.js';
import { AuditLog, DEFAULT_AUDIT_CAPACITY } from '../broker/audit-log.js';
import { createCapabilityBroker } from '../broker/capability-broker.js';
import { argumentSize, checkPayload } from '../broker/check-payload.js';
import { resolveBudgets } from '../broker/plugin-budgets.js';
import { Redactor } from '../broker/redactor.js';
import { createHostCapabilityTable } from '../capabilities/host-capability.js';
import { DeclaredEventSchemas } from '../events/declared-event-schemas.js';
import { EventBus } from '../events/event-bus.js';
import type { StateChange } from '../lifecycle/plugin-lifecycle.js';
import { recordPolicyDecision } from '../policy/_record-policy-decision.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { applyMigrations } from './_db-migrations.js';
import { createHookRunner } from './_hooks.js';
import { HostContext } from './_host-context.js';
import { createHostLog, errorText } from './_host-log.js';
import { createInvoker } from './_invoke.js';
import { createLazyActivation } from './_lazy-activation.js';
import { createPluginLoader } from './_load-plugin.js';
import { type PreparedPlugin, preparePlugin } from './_prepare-plugin.js';
import { recordHostEvent } from './_record-host-event.js';
import { createGrantControls } from './_runtime-grants.js';
import { startPlugins } from './_start-plugins.js';
import { createWorkflowRunner } from './_workflows.js';
import { callContribution } from './call-contribution.js';
import { ContributionRoutes } from './contribution-routes.js';
import { ExecutorPool } from './executor-pool.js';
import { HostEvents } from './host-events.js';
import { type CreateHostOptions, HOST_API_VERSION, type Host } from './host-types.js';
import { listContributions } from './list-contributions.js';
import { type ControllerDeps, PluginController, type PluginRequest } from './plugin-controller.js';
import { metricsReport } from './plugin-metrics.js';
import { PluginRegistry } from './plugin-registry.js';
import type { Refusal } from './refused-plugin.js';
import { RefusedPlugin } from './refused-plugin.js';

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
  const stateListeners = new Set<(change: StateChange) => void>();
  const executors = new ExecutorPool(options.executors, options.sandbox);
  const hostCapabilities = createHostCapabilityTable(options.capabilities);

  const log = createHostLog(services, redactor);
  const listenerFailed = (error: unknown) =>
    log('warn', `host event listener failed: ${errorText(error)}`);
  const audit = new AuditLog(options.auditCapacity ?? DEFAULT_AUDIT_CAPACITY, listenerFailed);
  // Read on every event a plugin emits: resolved once per policy (a reload may replace it),
  // not spread into a new object per call.
  let resolved: { from: unknown; budgets: ReturnType<typeof resolveBudgets> } | undefined;
  const budgets = () => {
    const from = context.policy.budgets;
    if (resolved === undefined || resolved.from !== from) {
      resolved = { from, budgets: resolveBudgets(from) };
    }
    return resolved.budgets;
  };
  const bus = new EventBus({
    // Replay is opt-in: a history holds payloads the host would otherwise let go.
    historySize: options.eventHistory ?? 0,
    historyBytes: () => budgets().eventHistoryBytes,
    sizeOf: (payload) => Math.max(0, argumentSize(payload, Number.POSITIVE_INFINITY)),
    onListenerError: (error, event, owner) =>
      log('warn', `listener failed for "${event.topic}": ${errorText(error)}`, owner),
  });
  const eventSchemas = new DeclaredEventSchemas(() => registry.all(), validator);
  const publish = (source: string, topic: string, payload: unknown, time?: number) => {
    // A plugin's payload was already checked by its broker, as part of the call's arguments.
    if (source === 'host') checkPayload(payload, { what: () => `The payload of "${topic}"` });
    eventSchemas.check(source, topic, payload);
    return bus.publish({ topic, payload, source, time: time ?? services.clock.now() });
  };

  const hostEvents = new HostEvents(bus, audit, listenerFailed);
  const routes = new ContributionRoutes(bus, () => services.clock);
  const lazy = createLazyActivation({ registry, routes, bus });
  const invoke = createInvoker({
    routes,
    validator,
    redactor,
    wake: lazy.forContribution,
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
  const brokerDeps = {
    services,
    audit,
    redactor,
    budgets,
    emit: publish,
    hostCapabilities: { table: hostCapabilities, validator },
    execute: (id: string, input: unknown, caller: string) =>
      call('commands', id, input, { caller }),
    metrics: {
      of: (plugin: string) => registry.get(plugin)?.metrics,
      read: () => registry.all().map((c) => metricsReport(c.status())),
    },
  };
  const controllerDeps: ControllerDeps = {
    routes,
    executors,
    redactor,
    clock: () => services.clock,
    policy: () => context.policy,
    migrate: (plugin, files) => applyMigrations(plugin.pkg, files, services.capabilities?.db),
    brokerFor: (view, generation) =>
      createCapabilityBroker(brokerDeps, routes.scopeFor(view, generation)),
    hostLayout: hostCapabilities.layout,
    log,
    idleTimeoutMs: () => options.idleTimeoutMs,
    // Listeners are plugins and host code: nothing they do may fail a lifecycle operation.
    announce: (event) => {
      // A lazy plugin reloaded with new code may declare other `onEvent:` topics.
      if (event.event === 'reload') lazy.onReload(event.plugin);
      recordHostEvent(event, audit, services.clock.now());
      const failed = (error: unknown) =>
        log('warn', `could not publish ${event.event}: ${errorText(error)}`, event.plugin);
      try {
        publish('host', HOST_PLUGIN_EVENTS[event.event].topic, event).catch(failed);
      } catch (error) {
        failed(error);
      }
    },
    notify: (change) => {
      lazy.onStateChange(change);
      eventSchemas.invalidate();
      hooks.invalidate();
      for (const listener of stateListeners) {
        try {
          listener(change);
        } catch (error) {
          log('warn', `state change listener failed: ${errorText(error)}`);
        }
      }
    },
  };
  const prepare = (dir: string, request: PluginRequest) =>
    preparePlugin({
      dir,
      ...request,
      policy: context.policy,
      hostApiVersion: options.hostApiVersion ?? HOST_API_VERSION,
      env: context.env,
      validator,
      hostCapabilities: new Set(hostCapabilities.byName.keys()),
      onPolicyDecision: (decision) =>
        recordPolicyDecision(decision, audit, log, services.clock.now()),
    });

  // `audit` of the config read by start(): the capacity, and the file opened then, closed by stop().
  const openAuditFile = () => {
    const wanted = context.configured.audit;
    audit.resize(wanted?.capacity ?? options.auditCapacity ?? DEFAULT_AUDIT_CAPACITY);
    if (wanted?.file === undefined) return;
    const file = resolve(context.configBaseDir, wanted.file);
    let reported = false;
    audit.sink = new AuditFileSink({
      ...wanted,
      file,
      onError: (error) => {
        if (!reported) log('warn', `could not write the audit file ${file}: ${errorText(error)}`);
        reported = true;
      },
    });
  };
  const closeAuditFile = () => {
    (audit.sink as AuditFileSink | undefined)?.close();
    audit.sink = undefined;
  };

  const control = (prepared: PreparedPlugin, request: PluginRequest) =>
    new PluginController(prepared, request, controllerDeps);
  const refuse = async (refusal: Refusal) =>
    registry.refuse(
      await RefusedPlugin.refuse(refusal, controllerDeps.notify, controllerDeps.announce),
    );
  const loader = createPluginLoader({ context, registry, redactor, prepare, control, refuse });
  // Calls the application makes are audited like a plugin's, under its caller name.
  const hostCall: typeof call = (kind, id, input, callOptions) => {
    const caller = callOptions?.caller ?? 'host';
    const method = kind === 'commands' ? 'execute' : 'invoke';
    audit.append(caller, kind, method, id, true, undefined, services.clock.now());
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
    events: {
      // A refused payload rejects the promise, like every other failure of emit.
      // Not async, so that an event whose listeners were all synchronous returns the shared
      // settled promise instead of a new one.
      emit: (topic, payload) => {
        try {
          return publish('host', topic, payload);
        } catch (error) {
          return Promise.reject(error);
        }
      },
      on: (pattern, listener) => bus.on(pattern, listener, 'host'),
      history: () => bus.history(),
    },
    audit: () => audit.entries(),
    on: (type, listener) => hostEvents.on(type, listener),
    // Loaded on first use, so hosts that never export metrics do not load prom-client.
    metricsText: async () =>
      (await import('./prometheus-metrics.js')).formatPrometheusMetrics(host.plugins()),
    contributions: (query) => listContributions(host.plugins(), query),
    call: (ref, input, callOptions) => callContribution(host, ref, input, callOptions),
    // Loaded on first use, so hosts that never watch do not load chokidar.
    watch: async (options) => (await import('./watch-plugins.js')).watchPlugins(host, options),
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
  return host;
}
