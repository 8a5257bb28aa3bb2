import { describe, expect, it } from 'vitest';
import { toItem } from './item.js';

describe('toItem', () => {
  it('keeps the declared fields and drops the rest', () => {
    expect(toItem({ id: '1', title: 'T', status: 'closed', secretField: 'x' })).toEqual({
      id: '1',
      title: 'T',
      status: 'closed',
    });
  });

  it.each([
    {},
    null,
    [],
    { id: 1, title: 'T', status: 'open' },
    { id: '1', title: 'T', status: 'done' },
  ])('refuses %j with a message naming the API', (value) => {
    expect(() => toItem(value)).toThrow(
      new Error(`The Example API answered an unexpected item: ${JSON.stringify(value)}`),
    );
  });
});
