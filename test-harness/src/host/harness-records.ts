import type { CapabilityRecord, LogRecord } from '@stack-plugin/host';
import type { HandlerKindName, MetricSample, PluginEvent } from '@stack-plugin/pdk';

/** One capability call a plugin made, seen at the executor seam (before the broker). */
export interface CapabilityCallRecord {
  readonly plugin: string;
  /** `fs`, `net`, `env`, `secrets`, `exec`, `events`, `state`, `sharedState`, `commands`, `contributions`, `log`. */
  readonly capability: string;
  readonly method: string;
  readonly args: readonly unknown[];
  /** Whether the host answered (true) or rejected the call (false). */
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: unknown;
  /** Order among all calls of the test host. */
  readonly seq: number;
}

/** One capability use as the host's audit log keeps it (`host.audit()`): the host's record. */
export type AuditRecord = CapabilityRecord;

/**
 * What the matchers read from a test host or a mounted plugin. Both carry it under
 * {@link HARNESS_RECORDS}; a mounted plugin's view holds only that plugin's records.
 */
export interface HarnessRecords {
  /** How failure messages name the subject: `test host` or `plugin "name"`. */
  readonly label: string;
  events(): readonly PluginEvent[];
  logs(): readonly LogRecord[];
  calls(): readonly CapabilityCallRecord[];
  audit(): readonly AuditRecord[];
  /** The series plugins recorded with `ctx.metrics`, as the host keeps them, with the plugin. */
  metrics(): ReadonlyArray<MetricSample & { readonly plugin: string }>;
  /** Marks denials as expected, so the end-of-test check does not report them. */
  acknowledge(records: readonly AuditRecord[]): void;
  /** Runs a contribution of any callable kind as the test (`caller: 'test'`). */
  invoke(kind: HandlerKindName, id: string, input: unknown): Promise<unknown>;
}

/** Key under which test hosts and mounted plugins expose their {@link HarnessRecords}. */
export const HARNESS_RECORDS: unique symbol = Symbol.for('stack-plugin.test-harness.records');

/** Anything the matchers accept as a subject. */
export interface HasHarnessRecords {
  readonly [HARNESS_RECORDS]: HarnessRecords;
}

/** The records of a matcher subject, or undefined when it is not a test host or plugin. */
export function harnessRecordsOf(value: unknown): HarnessRecords | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Partial<HasHarnessRecords>)[HARNESS_RECORDS];
}
