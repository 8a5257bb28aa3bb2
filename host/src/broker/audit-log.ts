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

/** Where the host's audit log also sends every record (the file sink of `audit.file`). */
export interface AuditSink {
  /** Takes one record, synchronously, before the capability call proceeds. */
  write(record: CapabilityRecord): void;
}

/** Default number of records kept; older ones are dropped first. */
export const DEFAULT_AUDIT_CAPACITY = 10_000;

/**
 * A bounded, append-only log of capability uses: a ring buffer of the most recent `capacity`
 * records. Every use is kept as its own record (nothing is aggregated), but the log stores
 * the fields in parallel arrays and builds the record objects only when they are read, so
 * recording one use (an emitted event, say) allocates nothing.
 */
export class AuditLog {
  readonly #capacity: number;
  readonly #plugin: string[] = [];
  readonly #capability: string[] = [];
  readonly #method: string[] = [];
  readonly #target: string[] = [];
  readonly #allowed: boolean[] = [];
  readonly #permission: (string | undefined)[] = [];
  readonly #time: number[] = [];
  /** Records already built for a read, per slot; cleared when the slot is overwritten. */
  readonly #built: (CapabilityRecord | undefined)[] = [];
  /** Also receives every record, when set (`audit.file` in stack.config.json). */
  sink: AuditSink | undefined;
  /** Slot of the next record. */
  #next = 0;
  #count = 0;

  constructor(capacity = DEFAULT_AUDIT_CAPACITY) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Appends a record, dropping the oldest past the capacity. */
  record(entry: CapabilityRecord): void {
    this.append(
      entry.plugin,
      entry.capability,
      entry.method,
      entry.target,
      entry.allowed,
      entry.permission,
      entry.time,
    );
  }

  /**
   * Appends a record given as its fields: the form the broker uses on hot paths, as it
   * allocates no object.
   */
  append(
    plugin: string,
    capability: string,
    method: string,
    target: string,
    allowed: boolean,
    permission: string | undefined,
    time: number,
  ): void {
    // Only a sink costs an object per record; the ring itself still allocates none.
    if (this.sink !== undefined) {
      this.sink.write({
        plugin,
        capability,
        method,
        target,
        allowed,
        ...(permission === undefined ? {} : { permission }),
        time,
      });
    }
    const slot = this.#next;
    // The arrays grow by one until they reach the capacity, then the slots are reused.
    this.#plugin[slot] = plugin;
    this.#capability[slot] = capability;
    this.#method[slot] = method;
    this.#target[slot] = target;
    this.#allowed[slot] = allowed;
    this.#permission[slot] = permission;
    this.#time[slot] = time;
    this.#built[slot] = undefined;
    this.#next = slot + 1 === this.#capacity ? 0 : slot + 1;
    if (this.#count < this.#capacity) this.#count += 1;
  }

  /** Number of records kept. */
  get size(): number {
    return this.#count;
  }

  /** The records kept, oldest first. Each is frozen: the same object is handed to every reader. */
  entries(): readonly CapabilityRecord[] {
    const start = this.#count < this.#capacity ? 0 : this.#next;
    const out: CapabilityRecord[] = new Array(this.#count);
    for (let i = 0; i < this.#count; i++) {
      const slot = (start + i) % this.#capacity;
      out[i] = this.#built[slot] ?? this.#build(slot);
    }
    return out;
  }

  #build(slot: number): CapabilityRecord {
    const permission = this.#permission[slot];
    const built: CapabilityRecord = Object.freeze({
      plugin: this.#plugin[slot] as string,
      capability: this.#capability[slot] as string,
      method: this.#method[slot] as string,
      target: this.#target[slot] as string,
      allowed: this.#allowed[slot] as boolean,
      ...(permission === undefined ? {} : { permission }),
      time: this.#time[slot] as number,
    });
    this.#built[slot] = built;
    return built;
  }
}
