import { resolve } from 'node:path';
import { AuditFileSink } from '../broker/audit-file-sink.js';
import { AuditLog, type CapabilityUse, DEFAULT_AUDIT_CAPACITY } from '../broker/audit-log.js';
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
  /** Records a call the host application made (`host.execute`, `host.invoke`) at `time`. */
  recordHostCall(caller: string, kind: string, id: string, time: number): void;
}

/** Most distinct host-call records kept for reuse before starting over. */
const HOST_CALL_USES = 1024;

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
  // An application's calls repeat a few ids: one frozen use per caller, kind and id, so a call
  // allocates nothing the ring keeps. A new object per call, held by the ring until overwritten
  // and so promoted out of the young generation, cost about 0.45 us of a 1.3 us no-op
  // `host.execute` (machine A, 400,000 calls).
  // The use of the call before is checked first: a loop calls one id again and again, and the
  // key a lookup needs costs a string of its own.
  const uses = new Map<string, CapabilityUse>();
  let last: CapabilityUse | undefined;
  const recordHostCall = (caller: string, kind: string, id: string, time: number) => {
    let use = last;
    if (
      use === undefined ||
      use.target !== id ||
      use.plugin !== caller ||
      use.capability !== kind
    ) {
      const key = `${caller}\u0000${kind}\u0000${id}`;
      use = uses.get(key);
      if (use === undefined) {
        if (uses.size >= HOST_CALL_USES) uses.clear();
        const method = kind === 'commands' ? 'execute' : 'invoke';
        use = Object.freeze({
          plugin: caller,
          capability: kind,
          method,
          target: id,
          allowed: true,
        });
        uses.set(key, use);
      }
      last = use;
    }
    audit.appendUse(use, time);
  };
  return { audit, openAuditFile, closeAuditFile, recordHostCall };
}
