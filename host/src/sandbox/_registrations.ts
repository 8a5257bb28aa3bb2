/** A capability call that releases something a plugin registered. */
export interface ReleaseCall {
  capability: string;
  method: string;
  args: unknown[];
}

/**
 * What a sandboxed plugin holds registered with the host (contributions, event listeners),
 * kept as the calls that release each, so that after a crash the supervisor can release them
 * and the restarted incarnation can register them anew.
 */
export class Registrations {
  readonly #held = new Map<string, ReleaseCall>();

  /** Follows one capability call the host accepted. */
  track(capability: string, method: string, args: readonly unknown[]): void {
    if (capability === 'contributions') {
      const key = `c:${String(args[0])}:${String(args[1])}`;
      if (method === 'register') {
        this.#held.set(key, { capability, method: 'unregister', args: [args[0], args[1]] });
      } else this.#held.delete(key);
    } else if (capability === 'events' && method !== 'emit') {
      const listenerId = method === 'on' ? args[1] : args[0];
      const key = `e:${String(listenerId)}`;
      if (method === 'on') this.#held.set(key, { capability, method: 'off', args: [listenerId] });
      else this.#held.delete(key);
    }
  }

  /** The calls that release everything still held. */
  releases(): ReleaseCall[] {
    return [...this.#held.values()];
  }
}
