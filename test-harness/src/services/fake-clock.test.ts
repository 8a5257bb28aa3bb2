import { expect, it } from 'vitest';
import { createFakeClock, DEFAULT_FAKE_NOW } from './fake-clock.js';

it('keeps time still until advanced, firing due timers in deadline order', () => {
  const clock = createFakeClock({ timers: 'manual' });
  const fired: Array<[string, number]> = [];
  clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
  clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
  const c = clock.setTimeout(() => fired.push(['c', clock.now()]), 150);
  clock.clearTimeout(c);
  expect(clock.now()).toBe(DEFAULT_FAKE_NOW);
  clock.advance(150);
  expect(fired).toEqual([['a', DEFAULT_FAKE_NOW + 100]]);
  expect(clock.pending).toBe(1);
  clock.advance(100);
  expect(fired).toEqual([
    ['a', DEFAULT_FAKE_NOW + 100],
    ['b', DEFAULT_FAKE_NOW + 200],
  ]);
  expect(clock.now()).toBe(DEFAULT_FAKE_NOW + 250);
});

it('runAll fires timers that schedule timers, and refuses endless chains', () => {
  const clock = createFakeClock({ now: new Date('2030-01-01T00:00:00Z'), timers: 'manual' });
  let n = 0;
  const tick = () => {
    n++;
    if (n < 3) clock.setTimeout(tick, 10);
  };
  clock.setTimeout(tick, 10);
  clock.runAll();
  expect([n, clock.now()]).toEqual([3, Date.UTC(2030, 0, 1) + 30]);
  const forever = () => {
    clock.setTimeout(forever, 1);
  };
  clock.setTimeout(forever, 1);
  expect(() => clock.runAll()).toThrow('timers keep scheduling timers');
});

it('with real timers, a timer fires on its own without moving now()', async () => {
  const clock = createFakeClock();
  const fired = await new Promise<number>((resolve) => {
    clock.setTimeout(() => resolve(clock.now()), 5);
  });
  expect(fired).toBe(DEFAULT_FAKE_NOW);
  expect(clock.pending).toBe(0);
});
