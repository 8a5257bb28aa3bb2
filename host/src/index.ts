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
export type {
  Clock,
  EnvService,
  ExecService,
  ExecServiceOptions,
  FsService,
  HostLogger,
  HostServices,
  LogRecord,
  NetService,
  NetServiceRequest,
  SecretsService,
  StateService,
} from './services/host-services.js';
