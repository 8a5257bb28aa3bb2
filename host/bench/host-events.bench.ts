/**
 * Event throughput: 1,000 events to one listener through Node's EventEmitter (baseline),
 * through the host bus as the host, and emitted by a plugin through its `ctx` (broker:
 * permission check, payload check, audit record). The bus alone and the floors of the
 * plugin's path are in host-events-floor.bench.ts: a file of its own, so that no other bus,
 * listener or plugin runtime in this process makes the call sites of these paths see more
 * than their one target (the bus-alone case here, with a listener of its own, moved the
 * plugin's figure from 1.9x to 2.2x the reference on machine B, 2026-12-07).
 *
 * Like with like: every case has exactly one listener, the same synchronous counter, and the
 * same payload (the event's index, a number, as the bench plugin emits it). EventEmitter
 * delivers synchronously and returns nothing to wait for; the host's `emit` and a plugin's
 * `ctx.events.emit` also deliver synchronously to a synchronous listener but return a promise
 * that settles once every listener finished (a listener may be async), and the plugin fixture
 * waits for all 1,000 with `Promise.all`. The reference case "EventEmitter + promise" gives
 * EventEmitter that same contract, to show what the promise alone costs; issue 15's goal for
 * the two `emit` paths is at most 1.5x that reference.
 *
 * Rounds are interleaved (one run of each case, then the next round), so every case sees the
 * machine in the same state: on the 2-core KVM machines the speed of the same code drifts by
 * tens of percent over seconds, and cases measured one block after the other compared
 * different moments (in blocks, 2026-12-07 on machine B, `host.events.emit` read 1.48-1.64x the
 * reference in one run; interleaved, 1.16-1.17x in the next minutes).
 * Needs `npm run build`.
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createHost, type Host } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';

const N = 1000;
const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
let host: Host;
// One counter per mechanism, so the teardown can prove every listener really ran.
const received = { emitter: 0, host: 0 };

const emitter = new EventEmitter();
emitter.on('bench.tick', () => {
  received.emitter++;
});
// The paths that return a promise are held to issue 15's goal against the reference case
// (half EventEmitter's speed cannot be met by anything that returns a promise: the reference
// alone costs several times EventEmitter's whole emit). The kit checks
// goals in case order and hands each only the baseline's figures, so the reference's check
// notes its median for the cases measured after it. host/README.md ("Event throughput") has
// the figures and what the plugin path's floor is.
let referenceMs = Number.NaN;
const reference = {
  goal: '1x of the issue-15 goal below',
  goalMet: ({ medianMs }: { medianMs: number }) => {
    referenceMs = medianMs;
    return true;
  },
};
const withinIssueGoal = {
  goal: '<= 1.5x EventEmitter + promise (issue 15)',
  goalMet: ({ medianMs }: { medianMs: number }) => medianMs <= 1.5 * referenceMs,
};
// The reference's loop is written out in each event bench, not shared: its speed depends on
// its code's shape (moved into a function of a shared module, it read 30% slower on machine B,
// 2026-12-07), and every ratio to it must be to the one issue 15 measured.
const RESOLVED = Promise.resolve();

export default defineBench({
  name: 'host-events',
  baseline: {
    name: 'EventEmitter.emit x1000 (sync, nothing to await)',
    items: N,
    fn: () => {
      for (let i = 0; i < N; i++) emitter.emit('bench.tick', i);
    },
  },
  cases: [
    {
      name: 'EventEmitter + promise x1000 (emit contract, awaited; reference)',
      items: N,
      fn: () => {
        const pending: Promise<void>[] = [];
        for (let i = 0; i < N; i++) {
          emitter.emit('bench.tick', i);
          pending.push(RESOLVED);
        }
        return Promise.all(pending);
      },
      ...reference,
    },
    {
      name: 'host.events.emit x1000 (payload-checked, awaited)',
      items: N,
      fn: () => {
        const pending: Promise<void>[] = [];
        for (let i = 0; i < N; i++) pending.push(host.events.emit('bench.tick', i));
        return Promise.all(pending);
      },
      ...withinIssueGoal,
    },
    {
      name: 'plugin ctx.events.emit x1000 (permission + payload check + audit, awaited)',
      items: N,
      fn: () => host.execute('bench.emit', N),
      ...withinIssueGoal,
    },
    {
      // What the plugin case pays once per 1,000 emits, not per emit: the command's call
      // through the host (lookup, deadline, metrics), with the same handler emitting nothing.
      // The floors in host-events-floor.bench.ts call the handler without it.
      name: 'host.execute of the same command, 0 emits (the plugin case fixed cost)',
      fn: () => host.execute('bench.emit', 0),
    },
  ],
  setup: async () => {
    host = createHost({
      root,
      config: { plugins: [{ path: 'bench-plugin' }] },
      env: {},
      eventHistory: 0,
    });
    await host.start();
    host.events.on('bench.tick', () => {
      received.host++;
    });
  },
  teardown: async () => {
    const emitted = host
      .audit()
      .some((r) => r.plugin === 'bench-plugin' && r.method === 'emit' && r.allowed);
    await host.stop();
    // A bench whose listeners never ran (or whose plugin emitted nothing) would measure nothing.
    if (received.emitter === 0 || received.host === 0 || !emitted) {
      throw new Error(`a listener never ran: ${JSON.stringify({ ...received, emitted })}`);
    }
  },
  iterations: 4000,
  interleave: true,
});
