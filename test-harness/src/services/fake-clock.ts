import type { Clock } from '@stack-plugin/host';

/** Options of {@link createFakeClock}. */
export interface FakeClockOptions {
  /** Start time (epoch ms or a Date). Default 2026-01-01T00:00:00.000Z. */
  readonly now?: number | Date;
  /**
   * `real` (default): timers fire after their real delay, or earlier when `advance()` passes
   * their deadline, so host timeouts work without driving the clock. `manual`: timers fire
   * only through `advance()` / `runAll()`, for fully deterministic timeout tests.
   */
  readonly timers?: 'real' | 'manual';
}

/** A controllable clock implementing the host's `Clock`. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing every timer due on the way, in deadline order. */
  advance(ms: number): void;
  /** Fires every pending timer (including ones they schedule), moving time to each deadline. */
  runAll(): void;
  /** Sets the current time; never fires timers, never moves backwards past a pending one. */
  set(now: number | Date): void;
  /** How many timers are waiting. */
  readonly pending: number;
}

/** 2026-01-01T00:00:00.000Z, so timestamps in snapshots are stable. */
export const DEFAULT_FAKE_NOW = Date.UTC(2026, 0, 1);

interface Timer {
  readonly id: number;
  readonly deadline: number;
  readonly callback: () => void;
  real?: ReturnType<typeof setTimeout>;
}

/**
 * A fake clock: `now()` stays put until the test moves it, so every timestamp the host writes
 * (events, logs, audit) is deterministic. The host also runs its deadlines on this clock (call
 * timeouts of in-process plugins, event deliveries, workflow step timeouts and retry delays):
 * with the default `timers: 'real'` they still fire after their real delay, with
 * `timers: 'manual'` only when the test moves time past them.
 *
 * @example
 * ```ts
 * import { definePlugin } from '@stack-plugin/pdk';
 * import { createFakeClock, createTestHost } from '@stack-plugin/test-harness';
 * import { expect, it } from 'vitest';
 *
 * it('times out a command that never answers, without waiting', async () => {
 *   const clock = createFakeClock({ timers: 'manual' });
 *   const th = await createTestHost({ clock });
 *   await th.mount({
 *     name: 'slow-plugin',
 *     manifest: { limits: { timeoutMs: 1000 }, contributes: { commands: [{ id: 'slow' }] } },
 *     definition: definePlugin({
 *       async activate(ctx) {
 *         await ctx.commands.register('slow', () => new Promise<never>(() => {}));
 *       },
 *     }),
 *   });
 *   const call = th.execute('slow');
 *   clock.advance(1000); // the host's deadline fires now, not a real second later
 *   await expect(call).toRejectWithCode('PLUGIN_TIMEOUT');
 * });
 * ```
 */
export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  let now = options.now === undefined ? DEFAULT_FAKE_NOW : Number(options.now);
  const real = (options.timers ?? 'real') === 'real';
  const timers = new Map<number, Timer>();
  let nextId = 1;

  const fire = (timer: Timer): void => {
    if (!timers.delete(timer.id)) return;
    if (timer.real !== undefined) clearTimeout(timer.real);
    timer.callback();
  };
  const due = (until: number): Timer | undefined => {
    let first: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.deadline <= until && (first === undefined || timer.deadline < first.deadline)) {
        first = timer;
      }
    }
    return first;
  };

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const delay = Math.max(0, Number(ms) || 0);
      const timer: Timer = { id: nextId++, deadline: now + delay, callback };
      timers.set(timer.id, timer);
      if (real) {
        timer.real = setTimeout(() => fire(timer), delay);
        // A forgotten timer of a test host must never keep the test process alive.
        timer.real.unref?.();
      }
      return timer.id;
    },
    clearTimeout(handle) {
      const timer = timers.get(handle as number);
      if (timer === undefined) return;
      timers.delete(timer.id);
      if (timer.real !== undefined) clearTimeout(timer.real);
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      for (let timer = due(target); timer !== undefined; timer = due(target)) {
        now = Math.max(now, timer.deadline);
        fire(timer);
      }
      now = target;
    },
    runAll() {
      for (let guard = 0; timers.size > 0; guard++) {
        if (guard > 10_000) throw new Error('runAll: timers keep scheduling timers (10000 fired)');
        const timer = due(Number.POSITIVE_INFINITY) as Timer;
        now = Math.max(now, timer.deadline);
        fire(timer);
      }
    },
    set(time) {
      now = Number(time);
    },
    get pending() {
      return timers.size;
    },
  };
}
