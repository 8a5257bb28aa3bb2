import { HOST_PLUGIN_EVENTS } from '@stack-plugin/pdk';
import type { AuditLog } from '../broker/audit-log.js';
import { createCapabilityBroker } from '../broker/capability-broker.js';
import type { PluginBudgets } from '../broker/plugin-budgets.js';
import type { Redactor } from '../broker/redactor.js';
import type { HostCapabilityTable } from '../capabilities/host-capability.js';
import type { DeclaredEventSchemas } from '../events/declared-event-schemas.js';
import type { StateChange } from '../lifecycle/plugin-lifecycle.js';
import { recordPolicyDecision } from '../policy/_record-policy-decision.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { applyMigrations } from './_db-migrations.js';
import type { Publish } from './_event-publishing.js';
import type { HookRunner } from './_hooks.js';
import type { HostContext } from './_host-context.js';
import { errorText, type HostLog } from './_host-log.js';
import type { createInvoker } from './_invoke.js';
import type { LazyActivation } from './_lazy-activation.js';
import { type PreparedPlugin, preparePlugin } from './_prepare-plugin.js';
import { recordHostEvent } from './_record-host-event.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { ExecutorPool } from './executor-pool.js';
import { type CreateHostOptions, HOST_API_VERSION, type Host } from './host-types.js';
import { type ControllerDeps, PluginController, type PluginRequest } from './plugin-controller.js';
import { metricsReport } from './plugin-metrics.js';
import type { PluginRegistry } from './plugin-registry.js';
import { type Refusal, RefusedPlugin } from './refused-plugin.js';

/** What {@link createPluginWiring} needs from the host. */
export interface PluginWiringDeps {
  readonly context: HostContext;
  readonly options: CreateHostOptions;
  readonly registry: PluginRegistry;
  readonly routes: ContributionRoutes;
  readonly executors: ExecutorPool;
  readonly redactor: Redactor;
  readonly validator: SchemaValidator;
  readonly hostCapabilities: HostCapabilityTable;
  readonly audit: AuditLog;
  readonly log: HostLog;
  readonly budgets: () => PluginBudgets;
  readonly publish: Publish;
  readonly eventSchemas: DeclaredEventSchemas;
  /** Every command call, with its command hooks. */
  readonly call: ReturnType<typeof createInvoker>;
  readonly hooks: HookRunner;
  readonly lazy: LazyActivation;
}

/** How the host prepares, controls and refuses a plugin, and who hears its state changes. */
export interface PluginWiring {
  prepare(dir: string, request: PluginRequest): Promise<PreparedPlugin>;
  control(prepared: PreparedPlugin, request: PluginRequest): PluginController;
  refuse(refusal: Refusal): Promise<void>;
  readonly onStateChange: Host['onStateChange'];
}

/** The deps every PluginController (and its brokers) is built with. */
export function createPluginWiring(deps: PluginWiringDeps): PluginWiring {
  const { context, options, registry, routes, redactor, validator, audit, log } = deps;
  const { services } = context;
  const { hostCapabilities, publish, call, lazy } = deps;
  const stateListeners = new Set<(change: StateChange) => void>();
  const brokerDeps = {
    services,
    audit,
    redactor,
    budgets: deps.budgets,
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
    executors: deps.executors,
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
      deps.eventSchemas.changed(registry.get(change.plugin));
      deps.hooks.invalidate();
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

  return {
    prepare,
    control: (prepared, request) => new PluginController(prepared, request, controllerDeps),
    refuse: async (refusal) =>
      registry.refuse(
        await RefusedPlugin.refuse(refusal, controllerDeps.notify, controllerDeps.announce),
      ),
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
}
