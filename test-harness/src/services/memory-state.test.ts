import { expect, it } from 'vitest';
import { createMemoryState } from './memory-state.js';

it('starts from the initial value and stores structured clones', async () => {
  const state = createMemoryState({ p: { list: [1] } });
  const list = (await state.get('p', 'list')) as number[];
  list.push(2);
  expect(await state.get('p', 'list')).toEqual([1]);
  const value = { n: 1 };
  await state.set('shared', 'v', value);
  value.n = 2;
  expect(state.snapshot()).toEqual({ p: { list: [1] }, shared: { v: { n: 1 } } });
  expect(await state.keys('p')).toEqual(['list']);
  await state.delete('p', 'list');
  expect(state.snapshot()).toEqual({ shared: { v: { n: 1 } } });
  expect(state.calls.map((c) => c.method)).toEqual(['get', 'get', 'set', 'keys', 'delete']);
});

it('rejects values that cannot be stored', async () => {
  const state = createMemoryState();
  await expect(state.set('p', 'f', () => 1)).rejects.toThrow();
});
