// Everything the table module declares is public: the table, its derived names and the `ctx`
// interface of every capability. A capability added there (its descriptor and its interface in
// `PermissionApis`) is exported without touching this file; the API report still shows it.
export * from './capabilities/capabilities.js';
export type {
  CapabilityDescriptor,
  CapabilitySchema,
  MethodDescriptor,
  MethodExposure,
  PermissionDescriptor,
  TargetSyntax,
} from './capabilities/capability-descriptor.js';
export { defineCapability } from './capabilities/capability-descriptor.js';
export {
  CAPABILITY_METHODS,
  CONTEXT_LAYOUT,
  type ContextEntry,
  findCapability,
  PERMISSION_DESCRIPTORS,
} from './capabilities/capability-index.js';
export {
  checkHostCapability,
  findHostPermissionKind,
  HOST_CAPABILITY_CTX,
  HOST_CAPABILITY_NAME,
  type HostCapabilities,
  type HostCapabilityClient,
  type HostCapabilityTypes,
  hostCapabilityLayout,
  isHostPermission,
  registerHostCapability,
} from './capabilities/host-capabilities.js';
export type {
  EnvCapability,
  EventsEmitCapability,
  EventsOnCapability,
  ExecCapability,
  ExecOptions,
  ExecResult,
  FileStat,
  FsReadCapability,
  FsWriteCapability,
  NetCapability,
  NetRequest,
  NetResponse,
  Off,
  PluginEvent,
  SecretsCapability,
  StateStore,
} from './context/capability-types.js';
export {
  HOST_PLUGIN_EVENTS,
  HOST_TOPIC_PREFIX,
  type HostPluginEvent,
  type HostPluginEventName,
  type HostPluginTopic,
} from './context/host-events.js';
export type {
  CallContext,
  CommandsCapability,
  ContributionRegistry,
  FullPluginContext,
  Handler,
  PluginContext,
  PluginInfo,
  PluginLogger,
} from './context/plugin-context.js';
export type {
  ContributionTypes,
  NoContributions,
  PluginTypeRegistry,
  PluginTypes,
  RegisteredPlugin,
  UntypedPlugin,
} from './context/plugin-types.js';
export {
  type ContributionDefinition,
  type ContributionId,
  type ContributionInput,
  type ContributionOutput,
  defineCommand,
  defineFormatter,
  defineHook,
  defineSkill,
  defineStep,
  defineTransformer,
  defineValidator,
  registerContributions,
} from './define/define-contribution.js';
export {
  definePlugin,
  isPluginDefinition,
  PLUGIN_DEFINITION_BRAND,
  type PluginDefinition,
} from './define/define-plugin.js';
export {
  defineErrors,
  type ErrorArgsOf,
  type ErrorCatalog,
  type ErrorDefinition,
  type ErrorEntry,
  renderHint,
  toClause,
} from './errors/define-errors.js';
export { pdkErrors } from './errors/pdk-errors.js';
export {
  type CreateErrorArgs,
  type CreateErrorOptions,
  createError,
  type ErrorJson,
  type ErrorJsonBody,
  type ErrorJsonTree,
  innerErrors,
  isStackPluginError,
  StackPluginError,
  type StackPluginErrorOptions,
  toErrorJson,
} from './errors/stack-plugin-error.js';
export {
  HOST_CONFIG_FILE,
  HOST_CONFIG_SCHEMA_ID,
  HOST_CONFIG_SCHEMA_URL,
} from './host-config/host-config-constants.js';
export type { HostConfigFile } from './host-config/host-config-schema.js';
export {
  assertHostConfig,
  type HostConfigIssue,
  type HostConfigIssueCode,
  type HostConfigReport,
  validateHostConfig,
} from './host-config/validate-host-config.js';
export {
  checkCanonicalPath,
  compareCanonicalPaths,
  INTEGRITY_FILE,
  isCoveredPath,
} from './integrity/canonical-path.js';
export {
  createIntegrityManifest,
  sha256Hex,
  signIntegrityManifest,
} from './integrity/create-integrity-manifest.js';
export {
  INTEGRITY_FORMAT,
  type IntegrityManifest,
  type IntegritySignature,
  integrityPayload,
  parseIntegrityManifest,
  serializeIntegrityManifest,
} from './integrity/integrity-manifest.js';
export { readPackageDir } from './integrity/read-package-dir.js';
export {
  generateSigningKeyPair,
  keyIdOf,
  normalizeKeyId,
  parsePrivateKey,
  parsePublicKey,
  type SigningKeyPair,
  signPayload,
  verifyPayload,
} from './integrity/signing-key.js';
export {
  assertIntegrity,
  type IntegrityPolicy,
  type IntegrityProblem,
  type IntegrityProblemCode,
  type IntegrityVerdict,
  type PackageContents,
  verifyIntegrity,
} from './integrity/verify-integrity.js';
export {
  ISOLATION_LEVELS,
  type IsolationLevel,
  isIsolationLevel,
  isolationRank,
  strongestIsolation,
} from './isolation/isolation-level.js';
export {
  type ActivationEvent,
  activationEventsOf,
  isLazyActivation,
  parseActivationEvent,
} from './manifest/activation-events.js';
export { checkPackageName } from './manifest/check-package-name.js';
export { findInstallScripts } from './manifest/find-install-scripts.js';
export {
  compileLinearPattern,
  type LinearPattern,
  linearPatternProblem,
  linearRegExp,
  PATTERN_INPUT_LIMIT,
  PATTERN_PROGRAM_LIMIT,
} from './manifest/linear-pattern.js';
export {
  CALLABLE_KINDS,
  CONTRIBUTION_ID_PATTERN,
  CONTRIBUTION_KINDS,
  CONTRIBUTION_NOUNS,
  type ContributionKindName,
  type HandlerKindName,
  HOOK_POINTS,
  HOST_API_VERSIONS,
  type HookPoint,
  MANIFEST_FILE,
  MANIFEST_SCHEMA_ID,
  MANIFEST_SCHEMA_URL,
  PLUGIN_KEYWORD,
  SUPPORTED_NODE_RANGE,
} from './manifest/manifest-constants.js';
export type {
  ManifestIssue,
  ManifestIssueCode,
  ManifestIssueFile,
  ManifestIssueSeverity,
  ValidationReport,
} from './manifest/manifest-issue.js';
export { MANIFEST_ISSUE_CODES } from './manifest/manifest-issue.js';
export { manifestJsonSchema } from './manifest/manifest-json-schema.js';
export type { JsonSchemaObject, Manifest } from './manifest/manifest-schema.js';
export { type PluginPackage, readPluginPackage } from './manifest/read-plugin-package.js';
export { type ValidateManifestInput, validateManifest } from './manifest/validate-manifest.js';
export {
  type ValidatePluginDirOptions,
  validatePluginDir,
} from './manifest/validate-plugin-dir.js';
export {
  backoffDelayMs,
  DEFAULT_WORKFLOW_BACKOFF,
  describeRetries,
  type WorkflowBackoffShape,
  type WorkflowStepShape,
  workflowStages,
} from './manifest/workflow-graph.js';
export {
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  type RetryResult,
  requestWithRetries,
} from './net/request-with-retries.js';
export { normalizeWorkspacePath, type WorkspacePath } from './paths/workspace-path.js';
export {
  describePermission,
  PERMISSION_RISKS,
  type PermissionDescription,
  type PermissionRisk,
} from './permissions/describe-permission.js';
export { type HighestRisk, highestRisk, riskRank } from './permissions/highest-risk.js';
export {
  checkTopic,
  checkTopicPattern,
  matchTopic,
  topicPatternCovers,
} from './permissions/match-topic.js';
export {
  checkGrantNarrowing,
  findNarrowedGrant,
  type GrantNarrowing,
  narrowGrants,
  type PluginGrants,
} from './permissions/narrow-grants.js';
export {
  execRequest,
  normalizePermission,
  type PermissionParseResult,
  parsePermission,
  tryParsePermission,
} from './permissions/parse-permission.js';
export {
  PERMISSION_KINDS,
  type Permission,
  type PermissionKind,
} from './permissions/permission.js';
export { findGrant, permits } from './permissions/permits.js';
