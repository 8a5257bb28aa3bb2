import { expect, it } from 'vitest';
import { createMemoryEnv, createMemorySecrets } from './memory-env.js';

it('reads env variables from the map only and records the names', () => {
  const env = createMemoryEnv({ A: '1', B: undefined });
  expect([env.get('A'), env.get('B'), env.get('PATH')]).toEqual(['1', undefined, undefined]);
  env.set('B', '2');
  expect(env.get('B')).toBe('2');
  expect(env.reads).toEqual(['A', 'B', 'PATH', 'B']);
  expect(env.values()).toEqual({ A: '1', B: '2' });
});

it('reads secrets and records the names, never the values', async () => {
  const secrets = createMemorySecrets({ TOKEN: 's3cret' });
  expect(await secrets.get('TOKEN')).toBe('s3cret');
  secrets.set('TOKEN', undefined);
  expect(await secrets.get('TOKEN')).toBeUndefined();
  expect(secrets.reads).toEqual(['TOKEN', 'TOKEN']);
});
