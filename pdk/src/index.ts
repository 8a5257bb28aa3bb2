export type {
  CallContext,
  CommandsCapability,
  ContributionRegistry,
  EnvCapability,
  EventsEmitCapability,
  EventsOnCapability,
  ExecCapability,
  ExecOptions,
  ExecResult,
  FileStat,
  FsReadCapability,
  FsWriteCapability,
  FullPluginContext,
  Handler,
  NetCapability,
  NetRequest,
  NetResponse,
  Off,
  PluginContext,
  PluginEvent,
  PluginInfo,
  PluginLogger,
  SecretsCapability,
  StateStore,
} from './context/plugin-context.js';
export type {
  ContributionTypes,
  PluginTypeRegistry,
  PluginTypes,
  RegisteredPlugin,
  UntypedPlugin,
} from './context/plugin-types.js';
export {
  definePlugin,
  isPluginDefinition,
  PLUGIN_DEFINITION_BRAND,
  type PluginDefinition,
} from './define/define-plugin.js';
export {
  type ErrorArgs,
  type ErrorCatalogEntry,
  type ErrorCode,
  errorCatalog,
} from './errors/error-catalog.js';
export {
  type CreateErrorOptions,
  createError,
  type ErrorJson,
  isStackPluginError,
  StackPluginError,
  toErrorJson,
} from './errors/stack-plugin-error.js';
