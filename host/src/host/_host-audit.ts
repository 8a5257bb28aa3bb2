import { resolve } from 'node:path';
import { AuditFileSink } from '../broker/audit-file-sink.js';
import { AuditLog, DEFAULT_AUDIT_CAPACITY } from '../broker/audit-log.js';
import type { HostContext } from './_host-context.js';
import { errorText, type HostLog } from './_host-log.js';

/** What {@link createHostAudit} needs from the host. */
export interface HostAuditDeps {
  readonly context: HostContext;
  /** `auditCapacity` of createHost: the capacity unless the config's `audit` sets one. */
  readonly auditCapacity: number | undefined;
  readonly log: HostLog;
  /** Told when an audit listener throws. */
  readonly listenerFailed: (error: unknown) => void;
}

/** The host's audit log, and its file as the config read by start() asks for it. */
export interface HostAudit {
  readonly audit: AuditLog;
  /** On start: the config's capacity, and its audit file opened. */
  openAuditFile(): void;
  /** On start (before opening again) and on stop. */
  closeAuditFile(): void;
}

/** The audit log with its capacity and file from the host's config. */
export function createHostAudit(deps: HostAuditDeps): HostAudit {
  const { context, auditCapacity, log } = deps;
  const audit = new AuditLog(auditCapacity ?? DEFAULT_AUDIT_CAPACITY, deps.listenerFailed);

  // `audit` of the config read by start(): the capacity, and the file opened then, closed by stop().
  const openAuditFile = () => {
    const wanted = context.configured.audit;
    audit.resize(wanted?.capacity ?? auditCapacity ?? DEFAULT_AUDIT_CAPACITY);
    if (wanted?.file === undefined) return;
    const file = resolve(context.configBaseDir, wanted.file);
    let reported = false;
    audit.sink = new AuditFileSink({
      ...wanted,
      file,
      onError: (error) => {
        if (!reported) log('warn', `could not write the audit file ${file}: ${errorText(error)}`);
        reported = true;
      },
    });
  };
  const closeAuditFile = () => {
    (audit.sink as AuditFileSink | undefined)?.close();
    audit.sink = undefined;
  };
  return { audit, openAuditFile, closeAuditFile };
}
