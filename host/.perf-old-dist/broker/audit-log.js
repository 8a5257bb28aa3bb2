/** Default number of records kept; older ones are dropped first. */
export const DEFAULT_AUDIT_CAPACITY = 10_000;
/**
 * A bounded, append-only log of capability uses: a ring buffer of the most recent `capacity`
 * records. Every use is kept as its own record (nothing is aggregated), but the log stores
 * the fields in parallel arrays and builds the record objects only when they are read, so
 * recording one use (an emitted event, say) allocates nothing.
 */
export class AuditLog {
    #capacity;
    #plugin = [];
    #capability = [];
    #method = [];
    #target = [];
    #allowed = [];
    #permission = [];
    #time = [];
    /** Records already built for a read, per slot; cleared when the slot is overwritten. */
    #built = [];
    /** Slot of the next record. */
    #next = 0;
    #count = 0;
    constructor(capacity = DEFAULT_AUDIT_CAPACITY) {
        this.#capacity = Math.max(1, Math.floor(capacity));
    }
    /** Appends a record, dropping the oldest past the capacity. */
    record(entry) {
        this.append(entry.plugin, entry.capability, entry.method, entry.target, entry.allowed, entry.permission, entry.time);
    }
    /**
     * Appends a record given as its fields: the form the broker uses on hot paths, as it
     * allocates no object.
     */
    append(plugin, capability, method, target, allowed, permission, time) {
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
        if (this.#count < this.#capacity)
            this.#count += 1;
    }
    /** Number of records kept. */
    get size() {
        return this.#count;
    }
    /** The records kept, oldest first. Each is frozen: the same object is handed to every reader. */
    entries() {
        const start = this.#count < this.#capacity ? 0 : this.#next;
        const out = new Array(this.#count);
        for (let i = 0; i < this.#count; i++) {
            const slot = (start + i) % this.#capacity;
            out[i] = this.#built[slot] ?? this.#build(slot);
        }
        return out;
    }
    #build(slot) {
        const permission = this.#permission[slot];
        const built = Object.freeze({
            plugin: this.#plugin[slot],
            capability: this.#capability[slot],
            method: this.#method[slot],
            target: this.#target[slot],
            allowed: this.#allowed[slot],
            ...(permission === undefined ? {} : { permission }),
            time: this.#time[slot],
        });
        this.#built[slot] = built;
        return built;
    }
}
//# sourceMappingURL=audit-log.js.map