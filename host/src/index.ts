export { AuditLog, type CapabilityRecord } from './broker/audit-log.js';
export {
  type BrokerDeps,
  type BrokerScope,
  createCapabilityBroker,
} from './broker/capability-broker.js';
export { checkPayload, DEFAULT_MAX_PAYLOAD_BYTES } from './broker/check-payload.js';
export {
  DEFAULT_PLUGIN_BUDGETS,
  PLUGIN_BUDGET_NAMES,
  type PluginBudgets,
  resolveBudgets,
} from './broker/plugin-budgets.js';
export { REDACTED, Redactor } from './broker/redactor.js';
export { configEnvName, parseConfigEnvName } from './config/config-env-name.js';
export {
  HOST_CONFIG_FILE,
  type HostConfig,
  type HostDiscovery,
  type HostPluginEntry,
  type HostPolicy,
  type LoadedHostConfig,
  loadHostConfig,
} from './config/host-config.js';
export { type PluginConfigSources, resolvePluginConfig } from './config/resolve-plugin-config.js';
export {
  substituteTemplates,
  TemplateError,
  type TemplateScope as ConfigTemplateScope,
} from './config/substitute-templates.js';
export {
  discoverPlugins,
  findInstalledPlugins,
  type PluginSource,
  resolvePackageDir,
} from './discovery/discover-plugins.js';
export {
  type VerifyPluginDistributionInput,
  verifyPluginDistribution,
} from './distribution/verify-plugin-distribution.js';
export { EventBus, type EventBusOptions, type EventListener } from './events/event-bus.js';
export {
  createInProcessExecutor,
  type InProcessExecutorOptions,
} from './executor/in-process-executor.js';
export type {
  CapabilityCall,
  CapabilityHandler,
  ContributionKind,
  ExecutorLoadRequest,
  InvokeOptions,
  IsolationLevel,
  PluginExecutor,
  PluginInstance,
} from './executor/plugin-executor.js';
export {
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
export { requirementErrors } from './graph/requirement-errors.js';
export { createHost } from './host/create-host.js';
export {
  type CallOptions,
  type CreateHostOptions,
  HOST_API_VERSION,
  type Host,
  type PluginStatus,
} from './host/host-types.js';
export type { PluginMetrics } from './host/plugin-metrics.js';
export { hostErrors } from './host-errors.js';
export {
  type LifecycleEvent,
  nextState,
  PLUGIN_TRANSITIONS,
  PluginLifecycle,
  type PluginState,
  type StateChange,
} from './lifecycle/plugin-lifecycle.js';
export { compilePluginBundle } from './sandbox/plugin-bundle.js';
export {
  createProcessExecutor,
  type ProcessExecutorOptions,
} from './sandbox/process-executor.js';
export {
  DEFAULT_LIMITS,
  type IsolationPolicy,
  type ResolvedLimits,
  resolveIsolation,
  resolveLimits,
} from './sandbox/resolve-isolation.js';
export { DEFAULT_RPC_LIMITS, type RpcLimits } from './sandbox/rpc-guard.js';
export type { SandboxExecutor, SandboxExecutorOptions } from './sandbox/sandbox-executor.js';
export { installSigusr1Guard } from './sandbox/sigusr1-guard.js';
export {
  DEFAULT_SUPERVISION,
  type SandboxStatus,
  type SandboxStatusChange,
  type SupervisedInstance,
  type SupervisionPolicy,
} from './sandbox/supervisor.js';
export { createWorkerExecutor, type WorkerExecutorOptions } from './sandbox/worker-executor.js';
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
export type {
  CapabilityService,
  Clock,
  EnvService,
  ExecService,
  ExecServiceOptions,
  FsService,
  HostLogger,
  HostServices,
  LogRecord,
  NetHopDecision,
  NetService,
  NetServiceRequest,
  SecretsService,
  StateService,
} from './services/host-services.js';
export {
  createJsonLogger,
  createNodeEnvService,
  createNodeExecService,
  createNodeFsService,
  createNodeNetService,
  createNodeSecretsService,
  createNodeServices,
  createNodeStateService,
  createSystemClock,
  DEFAULT_PASS_ENV,
  type HiddenPaths,
  type JsonLoggerOptions,
  type NodeExecServiceOptions,
  type NodeFsServiceOptions,
  type NodeHostServices,
  type NodeNetServiceOptions,
  type NodeSecretsServiceOptions,
  type NodeServicesOptions,
  type NodeStateService,
  type NodeStateServiceOptions,
  parseSecrets,
  type ResolvedAddress,
  secretEnvName,
  toFsError,
} from './services/node/index.js';
export {
  legacyStateScope,
  pluginStateScope,
  SHARED_STATE_SCOPE,
} from './services/state-scopes.js';
export {
  assertChainDefinition,
  assertWorkflowDefinition,
  type ChainCondition,
  type ChainConditional,
  type ChainDefinition,
  type ChainParallel,
  type ChainSequence,
  type ChainUse,
  type ContributionRef,
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
  type WorkflowBackoff,
  type WorkflowDefinition,
  type WorkflowResult,
  type WorkflowStatus,
  type WorkflowStepDefinition,
  type WorkflowStepResult,
  type WorkflowStepStatus,
} from './workflow/index.js';
