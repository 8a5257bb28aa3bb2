/**
 * What the host-events benches share: the number of events per sample and issue 15's
 * reference, Node's EventEmitter with one awaited promise per emit (the contract of `emit`).
 */
import { EventEmitter } from 'node:events';

/** Events per sample. */
export const N = 1000;

/** An EventEmitter whose one `bench.tick` listener counts into `count.emitter`. */
export function countingEmitter(count: { emitter: number }): EventEmitter {
  const emitter = new EventEmitter();
  emitter.on('bench.tick', () => {
    count.emitter++;
  });
  return emitter;
}

const RESOLVED = Promise.resolve();

/** Issue 15's reference: N emits, a promise for each, awaited together. */
export function emitWithPromises(emitter: EventEmitter): Promise<unknown> {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < N; i++) {
    emitter.emit('bench.tick', i);
    pending.push(RESOLVED);
  }
  return Promise.all(pending);
}
