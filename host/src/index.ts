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
