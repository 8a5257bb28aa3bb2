/** One capability use, allowed or denied. */
export interface CapabilityRecord {
    readonly plugin: string;
    /** `fs`, `net`, `env`, `secrets`, `exec`, `events`, `state`, `sharedState`, `commands`. */
    readonly capability: string;
    readonly method: string;
    /** What the call was about: a path, URL, variable name, command, topic or key. */
    readonly target: string;
    readonly allowed: boolean;
    /**
     * For an allowed call, the granted permission that allowed it; for a denied one, the
     * permission that would have allowed it. Absent when no permission applies.
     */
    readonly permission?: string;
    /** Host clock time of the call. */
    readonly time: number;
}
/** Default number of records kept; older ones are dropped first. */
export declare const DEFAULT_AUDIT_CAPACITY = 10000;
/**
 * A bounded, append-only log of capability uses: a ring buffer of the most recent `capacity`
 * records. Every use is kept as its own record (nothing is aggregated), but the log stores
 * the fields in parallel arrays and builds the record objects only when they are read, so
 * recording one use (an emitted event, say) allocates nothing.
 */
export declare class AuditLog {
    #private;
    constructor(capacity?: number);
    /** Appends a record, dropping the oldest past the capacity. */
    record(entry: CapabilityRecord): void;
    /**
     * Appends a record given as its fields: the form the broker uses on hot paths, as it
     * allocates no object.
     */
    append(plugin: string, capability: string, method: string, target: string, allowed: boolean, permission: string | undefined, time: number): void;
    /** Number of records kept. */
    get size(): number;
    /** The records kept, oldest first. Each is frozen: the same object is handed to every reader. */
    entries(): readonly CapabilityRecord[];
}
//# sourceMappingURL=audit-log.d.ts.map