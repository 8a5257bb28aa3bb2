// The host's own helper: a test host defines capabilities exactly as a real host does.
export { defineHostCapability, type HostCapability } from '@stack-plugin/host';
export { harnessErrors } from './harness-errors.js';
export type { InlinePlugin, PluginSource } from './host/_plugin-source.js';
export type { FailOnOptions, HarnessProblem } from './host/_problems.js';
export { type CreateTestHostOptions, createTestHost } from './host/create-test-host.js';
export {
  type AuditRecord,
  type CapabilityCallRecord,
  HARNESS_RECORDS,
  type HarnessRecords,
} from './host/harness-records.js';
export type { MountOptions } from './host/mount-options.js';
export { type MountPluginOptions, mountPlugin } from './host/mount-plugin.js';
export type {
  CallableInput,
  CallableRef,
  CommandId,
  CommandInput,
  CommandOutput,
  ContributionIdOf,
  EventTopic,
  RegisteredKind,
} from './host/registry-ids.js';
export { MountedPlugin, TestHost } from './host/test-host.js';
export {
  type StackMatchers,
  stackMatchers,
  type TextExpectation,
} from './matchers/stack-matchers.js';
export { describePostgres } from './postgres/describe-postgres.js';
export {
  findPostgres,
  type PostgresServer,
  type StartPostgresOptions,
  startPostgres,
} from './postgres/postgres-server.js';
export {
  type ArbitraryOptions,
  arbitraryFromSchema,
  type JsonSchema,
} from './schema/arbitrary-from-schema.js';
export {
  createFakeClock,
  DEFAULT_FAKE_NOW,
  type FakeClock,
  type FakeClockOptions,
} from './services/fake-clock.js';
export {
  type FileContent,
  type FileTree,
  type FileTreeSnapshot,
  type SymlinkSpec,
  symlink,
} from './services/file-tree.js';
export {
  createMemoryEnv,
  createMemorySecrets,
  type MemoryEnv,
  type MemorySecrets,
} from './services/memory-env.js';
export {
  createMemoryExec,
  type ExecFake,
  type ExecFakeResult,
  type ExecRun,
  type MemoryExec,
  type MemoryExecOptions,
} from './services/memory-exec.js';
export { createMemoryFs, type MemoryFsOptions } from './services/memory-fs.js';
export {
  createMemoryNet,
  type MemoryNet,
  type MemoryNetOptions,
  type NetExchange,
  type Route,
  type RouteHandler,
  type RouteRequest,
  type RouteResponse,
  type RouteTable,
} from './services/memory-net.js';
export { createMemoryState, type MemoryState, type StateSeed } from './services/memory-state.js';
export {
  createRecordingLogger,
  formatLogRecord,
  type RecordingLogger,
  type RecordingLoggerOptions,
} from './services/recording-logger.js';
export { type ServiceCall, SpyLog } from './services/spy-log.js';
export { createTempDirFs, type TempDirFs, type TempDirFsOptions } from './services/temp-dir-fs.js';
export {
  createTestServices,
  type TestServices,
  type TestServicesOptions,
} from './services/test-services.js';
export type { FileWrite, WorkspaceFs } from './services/workspace-fs.js';
export type { LatencyStats } from './suites/_stats.js';
export {
  type HostilePayload,
  hostilePayloads,
  TRAVERSAL_STRINGS,
} from './suites/hostile-payloads.js';
export { performanceSuite } from './suites/performance-suite.js';
export {
  type BudgetViolation,
  type ContributionPerformance,
  type PerformanceBudgets,
  type PerformanceReport,
  type PerformanceSuiteOptions,
  runPerformanceSuite,
} from './suites/run-performance-suite.js';
export { runSecuritySuite } from './suites/run-security-suite.js';
export {
  SECURITY_CHECKS,
  type SecurityCheck,
  type SecurityFinding,
  type SecurityReport,
  type SecuritySuiteOptions,
} from './suites/security-report.js';
export { securitySuite } from './suites/security-suite.js';
