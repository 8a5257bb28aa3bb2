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
export const DEFAULT_AUDIT_CAPACITY = 10_000;

/** A bounded, append-only log of capability uses. */
export class AuditLog {
  readonly #capacity: number;
  #records: CapabilityRecord[] = [];

  constructor(capacity = DEFAULT_AUDIT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Appends a record, dropping the oldest past the capacity. */
  record(entry: CapabilityRecord): void {
    this.#records.push(entry);
    // Trim in chunks so a full log costs amortised O(1) per record, not a shift per record.
    if (this.#records.length > this.#capacity * 1.25) {
      this.#records = this.#records.slice(-this.#capacity);
    }
  }

  /** The records kept, oldest first. */
  entries(): readonly CapabilityRecord[] {
    return this.#records.slice(-this.#capacity);
  }
}
