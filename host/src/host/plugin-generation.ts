import type { PluginEvent } from '@stack-plugin/pdk';
import type { PluginInstance } from '../executor/plugin-executor.js';

/**
 * One loaded copy of a plugin's code and everything it registered. A reload creates a second
 * generation next to the first and switches `live` on both in one synchronous step, which is
 * what makes the swap atomic: every call and every event goes to exactly one of them.
 */
export class PluginGeneration {
  instance: PluginInstance | undefined;
  /** Whether calls and events are routed to this generation. */
  live: boolean;
  /**
   * Set once the generation is stopped: from then on the broker refuses its capability calls,
   * so a timer or a stray promise the plugin left behind in the host process can do nothing.
   */
  closed = false;
  /** `<kind>:<id>` of every contribution this generation registered. */
  readonly contributions = new Set<string>();
  /** Listener id -> unsubscribe from the bus. */
  readonly listeners = new Map<string, () => void>();
  /** Listener id -> its pattern and bus listener, to hand it an event it subscribed too late for. */
  readonly subscriptions = new Map<
    string,
    { pattern: string; listener: (event: PluginEvent) => unknown }
  >();
  /** Calls begun on it so far: the idle timer compares two readings instead of reading a clock per call. */
  calls = 0;
  #inflight = 0;
  #idle: Array<() => void> = [];

  constructor(live: boolean) {
    this.live = live;
  }

  /**
   * Counts a call in flight; {@link end} ends it, once per `begin`. (Not a returned closure:
   * a call is one object, and ends once whichever way it settles.)
   */
  begin(): void {
    this.calls += 1;
    this.#inflight += 1;
  }

  /** Ends a call {@link begin} counted. */
  end(): void {
    this.#inflight -= 1;
    // Only a hot swap waits for idle; the common end allocates nothing.
    if (this.#inflight === 0 && this.#idle.length > 0) {
      const waiting = this.#idle;
      this.#idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** Whether a call is in flight. */
  get busy(): boolean {
    return this.#inflight > 0;
  }

  /** Resolves when no call is in flight (calls have deadlines, so this does not wait for ever). */
  idle(): Promise<void> {
    if (this.#inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
