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

/**
 * Default number of records the host keeps in memory (`host.audit()`); older ones are dropped
 * first. Set with `auditCapacity` of `createHost` or `audit.capacity` in stack.config.json.
 */
export const DEFAULT_AUDIT_CAPACITY = 10_000;

/** A listener of {@link AuditLog.subscribe}. */
export type AuditListener = (record: CapabilityRecord) => void;

/**
 * What one capability use was, without its time. {@link AuditLog.appendUse} keeps it by
 * reference, so a caller that repeats one use (a plugin emitting on one topic) hands in the
 * same frozen object every time.
 */
export type CapabilityUse = Omit<CapabilityRecord, 'time'>;

/**
 * A bounded, append-only log of capability uses: a ring buffer of the most recent `capacity`
 * records. Every use is kept as its own record (nothing is aggregated), but the log stores
 * each record as its use (shared between records of the same use) and its time, and builds
 * the record objects only when they are read, so recording a repeated use (an emitted event,
 * say) allocates nothing.
 */
export class AuditLog {
  #capacity: number;
  /**
   * Per slot, the use as appended, or its record once a reader asked for it: appending writes
   * one slot, with no separate cache to clear (each store on this path is a measurable share
   * of a plugin's `ctx.events.emit`).
   */
  #slots: Array<CapabilityUse | Built> = [];
  /** Per slot, the time: a typed array, whose store is a plain write (no boxing, no barrier). */
  #time: Float64Array;
  readonly #listeners = new Set<AuditListener>();
  /** `#listeners.size > 0`, kept as a field: read on every append. */
  #listening = false;
  readonly #onListenerError: (error: unknown) => void;
  /** Also receives every record, when set (`audit.file` in stack.config.json). */
  sink: AuditSink | undefined;
  /** Slot of the next record. */
  #next = 0;
  #count = 0;

  /** `onListenerError` hears what a listener of {@link subscribe} threw (the record is kept). */
  constructor(
    capacity = DEFAULT_AUDIT_CAPACITY,
    onListenerError: (error: unknown) => void = () => {},
  ) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#time = new Float64Array(this.#capacity);
    this.#onListenerError = onListenerError;
  }

  /** Number of records kept at most. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Changes the capacity, keeping the most recent records that fit. */
  resize(capacity: number): void {
    const wanted = Math.max(1, Math.floor(capacity));
    if (wanted === this.#capacity) return;
    const kept = this.entries().slice(-wanted);
    this.#capacity = wanted;
    this.#slots = kept.map((r) => new Built(r));
    this.#time = new Float64Array(wanted);
    this.#time.set(kept.map((r) => r.time));
    this.#count = kept.length;
    this.#next = kept.length % wanted;
  }

  /**
   * Calls `listener` with every record appended from now on, once each, synchronously as it is
   * written (after the sink, before the capability call proceeds); the same frozen object
   * {@link entries} later returns. Returns off().
   */
  subscribe(listener: AuditListener): () => void {
    this.#listeners.add(listener);
    this.#listening = true;
    return () => {
      this.#listeners.delete(listener);
      this.#listening = this.#listeners.size > 0;
    };
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

  /** Appends a record given as its fields. */
  append(
    plugin: string,
    capability: string,
    method: string,
    target: string,
    allowed: boolean,
    permission: string | undefined,
    time: number,
  ): void {
    this.appendUse(
      permission === undefined
        ? { plugin, capability, method, target, allowed }
        : { plugin, capability, method, target, allowed, permission },
      time,
    );
  }

  /**
   * Appends a record of `use` at `time`: the form the broker uses on hot paths, with one
   * frozen `use` per repeated use, as it allocates nothing. `use` must not change afterwards.
   */
  appendUse(use: CapabilityUse, time: number): void {
    // Only a sink costs an object per record; the ring itself allocates none.
    if (this.sink !== undefined) this.sink.write(recordOf(use, time));
    const slot = this.#next;
    // The slots grow by one until they reach the capacity, then they are reused.
    this.#slots[slot] = use;
    this.#time[slot] = time;
    this.#next = slot + 1 === this.#capacity ? 0 : slot + 1;
    if (this.#count < this.#capacity) this.#count += 1;
    // Kept out of this method: it is inlined into every hot capability path only while small.
    if (this.#listening) this.#notify(slot);
  }

  /** Hands the record in `slot` to the listeners: only they cost the record object, built once. */
  #notify(slot: number): void {
    const record = this.#build(slot);
    for (const listener of this.#listeners) {
      try {
        listener(record);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
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
      out[i] = this.#build(slot);
    }
    return out;
  }

  /** The record in `slot`, built (and kept in the slot) on its first read. */
  #build(slot: number): CapabilityRecord {
    const entry = this.#slots[slot] as CapabilityUse | Built;
    if (entry instanceof Built) return entry.record;
    const record = Object.freeze(recordOf(entry, this.#time[slot] as number));
    this.#slots[slot] = new Built(record);
    return record;
  }
}

/**
 * A slot's record once built. A class of this module's own, so that no use a caller appends
 * (which may be any object) is mistaken for one.
 */
class Built {
  readonly record: CapabilityRecord;
  constructor(record: CapabilityRecord) {
    this.record = record;
  }
}

/** A record with its fields in one order, and no `permission` key when it has none. */
function recordOf(use: CapabilityUse, time: number): CapabilityRecord {
  const { plugin, capability, method, target, allowed, permission } = use;
  return permission === undefined
    ? { plugin, capability, method, target, allowed, time }
    : { plugin, capability, method, target, allowed, permission, time };
}
