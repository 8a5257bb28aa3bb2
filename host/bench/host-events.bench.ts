/**
 * Event throughput: 1,000 events to one listener through Node's EventEmitter (baseline),
 * through the host bus as the host, and emitted by a plugin through its `ctx` (broker:
 * permission check, payload check, audit record). Goal: at least half EventEmitter's speed.
 * Needs `npm run build`.
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createHost, EventBus, type Host } from '@stack-plugin/host';
import { defineBench } from '../../scripts/bench-kit.ts';

const N = 1000;
const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
let host: Host;
let received = 0;
const count = () => {
  received++;
};

const emitter = new EventEmitter();
emitter.on('bench.tick', count);
const bus = new EventBus();
bus.on('bench.tick', count);
const atLeastHalf = {
  goal: '>= 0.5x EventEmitter',
  goalMet: ({ ratio }: { ratio: number }) => ratio <= 2,
};

export default defineBench({
  name: 'host-events',
  baseline: {
    name: 'EventEmitter.emit x1000',
    items: N,
    fn: () => {
      for (let i = 0; i < N; i++) emitter.emit('bench.tick', { i });
    },
  },
  cases: [
    {
      name: 'EventBus.publish x1000',
      items: N,
      fn: () => {
        for (let i = 0; i < N; i++)
          bus.publish({ topic: 'bench.tick', payload: { i }, source: 'host', time: 0 });
      },
      ...atLeastHalf,
    },
    {
      name: 'host.events.emit x1000',
      items: N,
      fn: async () => {
        let last: Promise<void> | undefined;
        for (let i = 0; i < N; i++) last = host.events.emit('bench.tick', { i });
        await last;
      },
      ...atLeastHalf,
    },
    {
      name: 'plugin ctx.events.emit x1000 (permission-checked)',
      items: N,
      fn: () => host.execute('bench.emit', N),
      ...atLeastHalf,
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
    host.events.on('bench.tick', count);
  },
  teardown: async () => {
    await host.stop();
    // A bench whose listeners never ran would measure nothing.
    if (received === 0) throw new Error('no event reached a listener');
  },
  iterations: 200,
});
