/**
 * `@stack-plugin/host/internal`: the host's building blocks that the test harness assembles
 * into the real host with in-memory services (the broker, the plugin runtime, the schema
 * validator, the address policy, the workflow engine, ...). Host applications use the main
 * entry; this one is versioned with the host and the harness (they release together) and is
 * not covered by the host's API report.
 *
 * @packageDocumentation
 */

export { CallQueue, DEFAULT_MAX_OUTSTANDING } from './_internal/in-flight-gate.js';
export { SETTLED } from './_internal/settled.js';
export { AuditLog } from './broker/audit-log.js';
export {
  type BrokerDeps,
  type BrokerScope,
  createCapabilityBroker,
} from './broker/capability-broker.js';
export { checkPayload, DEFAULT_MAX_PAYLOAD_BYTES } from './broker/check-payload.js';
export { resolveBudgets } from './broker/plugin-budgets.js';
export { REDACTED, Redactor } from './broker/redactor.js';
export { type PluginConfigSources, resolvePluginConfig } from './config/resolve-plugin-config.js';
export {
  substituteTemplates,
  TemplateError,
  type TemplateScope as ConfigTemplateScope,
} from './config/substitute-templates.js';
export { resolvePackageDir } from './discovery/discover-plugins.js';
export { EventBus, type EventBusOptions, type EventListener } from './events/event-bus.js';
export {
  type CapabilityLane,
  HandlerCall,
  LazySignal,
  PluginRuntime,
  type PluginRuntimeOptions,
  type SendCapabilityCall,
} from './executor/plugin-runtime.js';
export {
  DependencyGraph,
  formatCycle,
  type GraphNode,
  type MissingDependency,
  type VersionMismatch,
} from './graph/dependency-graph.js';
export { type GraphEdge, type PluginGraph, pluginGraph } from './graph/plugin-graph.js';
export { requirementErrors } from './graph/requirement-errors.js';
export { HOST_AUDIT_CAPABILITY } from './host/_record-host-event.js';
export {
  type LifecycleEvent,
  nextState,
  PLUGIN_TRANSITIONS,
  PluginLifecycle,
} from './lifecycle/plugin-lifecycle.js';
export { compilePluginBundle } from './sandbox/plugin-bundle.js';
export {
  type IsolationPolicy,
  resolveIsolation,
  resolveLimits,
} from './sandbox/resolve-isolation.js';
export {
  SCHEMA_CACHE_SIZE,
  type SchemaCacheStats,
  SchemaValidator,
} from './schema/schema-validator.js';
export {
  type AddressRange,
  addressAllowed,
  assertAddressesAllowed,
  classifyAddress,
  isIpLiteral,
} from './services/address-policy.js';
export { parseSecrets, toFsError } from './services/node/index.js';
export { legacyStateScope, pluginStateScope, SHARED_STATE_SCOPE } from './services/state-scopes.js';
export {
  assertChainDefinition,
  assertWorkflowDefinition,
  type EngineInvoke,
  type EngineInvokeOptions,
  isRetryableError,
  listTemplateReferences,
  parseContributionRef,
  type ResolveTemplateOptions,
  type RunChainOptions,
  type RunWorkflowOptions,
  resolveTemplate,
  runChain,
  runWorkflow,
  type TemplateResolver,
  type TemplateScope,
} from './workflow/index.js';
