export {
  type AuditFileOptions,
  AuditFileSink,
  type AuditLine,
  DEFAULT_AUDIT_FILE,
} from './broker/audit-file-sink.js';
export {
  type AuditSink,
  type CapabilityRecord,
  DEFAULT_AUDIT_CAPACITY,
} from './broker/audit-log.js';
export {
  DEFAULT_PLUGIN_BUDGETS,
  PLUGIN_BUDGET_NAMES,
  type PluginBudgets,
} from './broker/plugin-budgets.js';
export {
  type AuditFileProblem,
  type AuditFiles,
  readAuditFiles,
} from './broker/read-audit-files.js';
export {
  defineHostCapability,
  type HostCapability,
  type HostCapabilityImplementation,
  type HostCapabilityMethod,
} from './capabilities/host-capability.js';
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
export {
  discoverPlugins,
  findInstalledPlugins,
  type PluginSource,
} from './discovery/discover-plugins.js';
export {
  type VerifyPluginDistributionInput,
  verifyPluginDistribution,
} from './distribution/verify-plugin-distribution.js';
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
export { createHost } from './host/create-host.js';
export {
  type CallSample,
  HOST_EVENT_TYPES,
  type HostEventMap,
  type HostEventType,
  type HostPluginEventType,
} from './host/host-events.js';
export {
  type CallOptions,
  type ContributionInfo,
  type ContributionQuery,
  type ContributionState,
  type CreateHostOptions,
  HOST_API_VERSION,
  type Host,
  type PluginStatus,
  type PluginWatch,
  type WatchedReload,
  type WatchPluginsOptions,
} from './host/host-types.js';
export type { LatencyHistogram, PluginMetrics } from './host/plugin-metrics.js';
export { LATENCY_BOUNDS_MS } from './host/plugin-metrics.js';
export { formatPrometheusMetrics, PROMETHEUS_CONTENT_TYPE } from './host/prometheus-metrics.js';
export { hostErrors } from './host-errors.js';
export type { PluginState, StateChange } from './lifecycle/plugin-lifecycle.js';
export {
  checkPluginPolicy,
  maxRiskFor,
  type PolicyDecision,
  type PolicyOutcome,
  type PolicySubject,
} from './policy/check-plugin-policy.js';
export {
  type PolicyReview,
  type ReviewPluginPolicyInput,
  reviewPluginPolicy,
} from './policy/review-plugin-policy.js';
export { createProcessExecutor, type ProcessExecutorOptions } from './sandbox/process-executor.js';
export { DEFAULT_LIMITS, type ResolvedLimits } from './sandbox/resolve-isolation.js';
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
export type {
  DbExecuteResult,
  DbMigration,
  DbParam,
  DbRow,
  DbService,
} from './services/db/db-service.js';
export { createNodeDbService, type NodeDbServiceOptions } from './services/db/node-db-service.js';
export {
  createSqliteDbService,
  type SqliteDbServiceOptions,
} from './services/db/sqlite-db-service.js';
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
  type ResolvedAddress,
  secretEnvName,
} from './services/node/index.js';
export type {
  ChainCondition,
  ChainConditional,
  ChainDefinition,
  ChainParallel,
  ChainSequence,
  ChainUse,
  ContributionRef,
  WorkflowBackoff,
  WorkflowDefinition,
  WorkflowResult,
  WorkflowStatus,
  WorkflowStepDefinition,
  WorkflowStepResult,
  WorkflowStepStatus,
} from './workflow/index.js';
