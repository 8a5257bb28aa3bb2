import { HOST_AUDIT_CAPABILITY } from '@stack-plugin/host/internal';
import {
  createError,
  type ErrorArgsOf,
  isStackPluginError,
  type StackPluginError,
  toClause,
} from '@stack-plugin/pdk';
import { harnessErrors } from '../harness-errors.js';
import type { AuditRecord, CapabilityCallRecord } from './harness-records.js';

/** What the end-of-test check reports as failures. */
export interface FailOnOptions {
  /** A request no route matched (default true). */
  readonly unmatchedRequests?: boolean;
  /** A request the host denied because its host is not declared (default true). */
  readonly deniedRequests?: boolean;
  /** A program run with no fake (default true). */
  readonly unmatchedExec?: boolean;
  /** Any other denied capability call (default false: tests of denials are common). */
  readonly deniedCalls?: boolean;
}

/** One thing the end-of-test check found. */
export interface HarnessProblem {
  readonly kind: 'unmatched-request' | 'denied-request' | 'unmatched-exec' | 'denied-call';
  readonly plugin: string;
  /** One line naming the call and the permission involved. */
  readonly message: string;
}

/**
 * Finds the problems among the calls and audit records not checked before. `seen` holds the
 * records already reported or acknowledged, so each problem is reported once.
 */
export function collectProblems(
  calls: readonly CapabilityCallRecord[],
  audit: readonly AuditRecord[],
  seen: WeakSet<object>,
  failOn: FailOnOptions,
): HarnessProblem[] {
  const problems: HarnessProblem[] = [];
  for (const call of calls) {
    if (call.ok || seen.has(call)) continue;
    const code = isStackPluginError(call.error) ? call.error.code : undefined;
    if (code === 'TEST_NET_NO_ROUTE' && failOn.unmatchedRequests !== false) {
      seen.add(call);
      problems.push({
        kind: 'unmatched-request',
        plugin: call.plugin,
        message: `"${call.plugin}": ${toClause(call.error)}`,
      });
    } else if (code === 'TEST_EXEC_NOT_FAKED' && failOn.unmatchedExec !== false) {
      seen.add(call);
      const grant = audit.findLast(
        (r) => r.plugin === call.plugin && r.capability === 'exec' && r.allowed,
      )?.permission;
      const line = [String(call.args[0]), ...((call.args[1] as string[] | undefined) ?? [])];
      problems.push({
        kind: 'unmatched-exec',
        plugin: call.plugin,
        message: `"${call.plugin}" ran "${line.join(' ')}", which has no fake${grant === undefined ? '' : ` (allowed by "${grant}")`}`,
      });
    }
  }
  for (const record of audit) {
    // The host's own records (a refused plugin, a failed reload, a crash) are not calls.
    if (record.allowed || seen.has(record) || record.capability === HOST_AUDIT_CAPABILITY) continue;
    const isNet = record.capability === 'net';
    if (isNet ? failOn.deniedRequests === false : failOn.deniedCalls !== true) continue;
    seen.add(record);
    problems.push({
      kind: isNet ? 'denied-request' : 'denied-call',
      plugin: record.plugin,
      message: `"${record.plugin}" was denied ${record.capability}.${record.method} ${record.target}${record.permission === undefined ? '' : `: "${record.permission}" is not declared`}`,
    });
  }
  return problems;
}

/** The error that fails a test with unexpected calls. */
export function unexpectedCallsError(problems: readonly HarnessProblem[]): StackPluginError {
  return createError(harnessErrors.TEST_UNEXPECTED_CALLS, {
    count: problems.length,
    detail: problems.map((p) => p.message).join('; '),
  });
}

/**
 * A `TEST_NET_NO_ROUTE` that names the permission which let the unrouted request through, so
 * the author knows where to look; any other error is returned as it is.
 */
export function explainNoRoute(
  audit: readonly AuditRecord[],
  plugin: string,
  call: { capability: string },
  error: unknown,
): unknown {
  if (call.capability !== 'net' || !isNoRoute(error)) return error;
  const grant = audit.findLast(
    (r) => r.plugin === plugin && r.capability === 'net' && r.allowed,
  )?.permission;
  const { method, url } = error.data;
  return createError(
    harnessErrors.TEST_NET_NO_ROUTE,
    grant === undefined ? { method, url } : { method, url, permission: grant },
    { plugin, cause: error },
  );
}

function isNoRoute(
  error: unknown,
): error is StackPluginError<
  'TEST_NET_NO_ROUTE',
  ErrorArgsOf<typeof harnessErrors.TEST_NET_NO_ROUTE>
> {
  return isStackPluginError(error) && error.code === harnessErrors.TEST_NET_NO_ROUTE.code;
}
