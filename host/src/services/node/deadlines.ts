/** A pending deadline of {@link Deadlines}; `cancel()` drops it (a no-op once it fired). */
export interface Deadline {
  cancel(): void;
  /** Keeps the process alive for this deadline until it fires or is cancelled. */
  hold(): void;
}

/** Deadlines of one duration, in the order they were added: that is also the order they fall due. */
interface Lane {
  head: Entry | undefined;
  tail: Entry | undefined;
}

class Entry implements Deadline {
  lane: Lane | undefined;
  /** Whether the deadline keeps the process alive ({@link hold}). */
  held = false;
  prev: Entry | undefined = undefined;
  next: Entry | undefined = undefined;
  readonly due: number;
  readonly fire: () => void;
  readonly #owner: Deadlines;

  constructor(owner: Deadlines, lane: Lane, due: number, fire: () => void) {
    this.#owner = owner;
    this.lane = lane;
    this.due = due;
    this.fire = fire;
  }

  cancel(): void {
    this.#owner.drop(this);
  }

  hold(): void {
    this.#owner.hold(this);
  }
}

/**
 * Many deadlines served by one timer. The host gives every call and event delivery a deadline
 * that is nearly always cancelled microseconds later; a Node timer per call (create, link into
 * its list, reference, unlink, unreference) was most of what a no-op `host.execute` cost over
 * the plugin's own handler (`host-call` bench: 1.69 us against 0.96 us before the timer was
 * referenced). Here a deadline is a list node, and one timer, armed for the earliest due time,
 * stays armed across calls.
 *
 * Deadlines of the same duration fall due in the order they were added, so each duration keeps
 * a FIFO lane and only lane heads are compared. The timer is referenced while any deadline
 * that was {@link Deadline.hold | held} is pending (a handler awaiting for ever at isolation
 * `none` must still time out rather than let the process exit) and unreferenced when none is,
 * so a finished host does not hold the process. A deadline is held only once the work it
 * guards outlives the turn that set it: a call answered synchronously is cancelled before the
 * event loop could look, and referencing the timer (a call into libuv) and unreferencing it
 * again cost more than the rest of its deadline. Time is monotonic (`performance.now()`), so
 * a wall-clock step neither stretches nor cuts a deadline.
 */
export class Deadlines {
  readonly #lanes = new Map<number, Lane>();
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDue = Number.POSITIVE_INFINITY;
  #pending = 0;
  /** Pending deadlines that are held. */
  #held = 0;
  /** The lane added to last: a host gives nearly every call the same duration. */
  #lastMs = Number.NaN;
  #lastLane: Lane | undefined;

  /** `now` is a monotonic millisecond clock (tests pass their own). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Number of deadlines not yet fired or cancelled. */
  get pending(): number {
    return this.#pending;
  }

  /** Calls `fire` once `ms` have passed, unless the returned deadline is cancelled first. */
  add(fire: () => void, ms: number): Deadline {
    const wait = Math.max(0, ms);
    let lane = wait === this.#lastMs ? this.#lastLane : this.#lanes.get(wait);
    if (lane === undefined) {
      lane = { head: undefined, tail: undefined };
      this.#lanes.set(wait, lane);
    }
    this.#lastMs = wait;
    this.#lastLane = lane;
    const entry = new Entry(this, lane, this.#now() + wait, fire);
    entry.prev = lane.tail;
    if (lane.tail === undefined) lane.head = entry;
    else lane.tail.next = entry;
    lane.tail = entry;
    this.#pending += 1;
    if (this.#timer === undefined || entry.due < this.#timerDue) this.#arm(entry.due);
    return entry;
  }

  /** Makes a pending `entry` keep the process alive (its `hold()`). */
  hold(entry: Entry): void {
    if (entry.lane === undefined || entry.held) return;
    entry.held = true;
    this.#held += 1;
    if (this.#held === 1) this.#timer?.ref();
  }

  /** Unlinks `entry` if it is still pending (its `cancel()`). */
  drop(entry: Entry): void {
    const lane = entry.lane;
    if (lane === undefined) return;
    this.#unlink(lane, entry);
    // The timer stays armed for the deadline that was due first; when it fires it finds
    // nothing due and arms for the next head, so a steady stream of calls re-arms it once a
    // duration rather than once a call.
  }

  #unlink(lane: Lane, entry: Entry): void {
    if (entry.prev === undefined) lane.head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) lane.tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.lane = undefined;
    entry.prev = undefined;
    entry.next = undefined;
    this.#pending -= 1;
    if (entry.held) {
      entry.held = false;
      this.#held -= 1;
      if (this.#held === 0) this.#timer?.unref();
    }
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerDue = due;
    // Node fires a timer no earlier than its delay, rounded to whole milliseconds; a lane
    // head that is still a fraction early when it fires is armed again, never fired early.
    this.#timer = setTimeout(() => this.#sweep(), Math.max(1, Math.ceil(due - this.#now())));
    if (this.#held === 0) this.#timer.unref();
  }

  #sweep(): void {
    this.#timer = undefined;
    this.#timerDue = Number.POSITIVE_INFINITY;
    const now = this.#now();
    const due: Entry[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [ms, lane] of this.#lanes) {
      let entry = lane.head;
      while (entry !== undefined && entry.due <= now) {
        this.#unlink(lane, entry);
        due.push(entry);
        entry = lane.head;
      }
      if (entry === undefined) {
        this.#lanes.delete(ms);
        if (this.#lastLane === lane) this.#lastLane = undefined;
      } else if (entry.due < next) next = entry.due;
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
    // Fired after the lanes are consistent, so a callback may add or cancel deadlines; one
    // that throws does not stop the others (its error is reported as uncaught, as a timer's is).
    for (const entry of due) {
      try {
        entry.fire();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

let shared: Deadlines | undefined;

/**
 * The process's one set of deadlines on real timers, for code that keeps real time whatever
 * clock the host was given (a sandbox's calls watch a real thread or process) and for a clock
 * without deadlines of its own.
 */
export function sharedDeadlines(): Deadlines {
  shared ??= new Deadlines();
  return shared;
}
