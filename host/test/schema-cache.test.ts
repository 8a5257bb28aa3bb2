import { expect, it } from 'vitest';
import { createHost } from '../src/index.js';
import { SCHEMA_CACHE_SIZE, SchemaValidator } from '../src/internal.js';
import { fixture, testServices } from './_support.js';

async function helloOnce(): Promise<void> {
  const host = createHost({
    root: fixture('.'),
    config: { plugins: [{ path: 'hello' }] },
    services: testServices(),
    env: {},
  });
  await host.start();
  try {
    expect(await host.execute('hello', { name: 'cache' })).toEqual({ greeting: 'Hello cache' });
  } finally {
    await host.stop();
  }
}

it('compiles a manifest schema once for every host of the process', async () => {
  await helloOnce();
  const afterFirst = SchemaValidator.cacheStats().compilations;
  // A second host reads the manifest again (new schema objects) and compiles nothing.
  await helloOnce();
  expect(SchemaValidator.cacheStats().compilations).toBe(afterFirst);
});

it('shares validators between instances by content, whatever the key order', () => {
  const before = SchemaValidator.cacheStats().compilations;
  const a = new SchemaValidator();
  const b = new SchemaValidator();
  const schema = {
    type: 'object',
    required: ['n'],
    properties: { n: { type: 'integer', minimum: 7001 } },
  };
  const reordered = {
    properties: { n: { minimum: 7001, type: 'integer' } },
    required: ['n'],
    type: 'object',
  };
  expect(a.errors(schema, { n: 7001 })).toBeUndefined();
  expect(b.errors(reordered, { n: 7001 })).toBeUndefined();
  expect(SchemaValidator.cacheStats().compilations).toBe(before + 1);
});

it('never mixes up different schemas, nor the with-defaults and plain modes', () => {
  const validator = new SchemaValidator();
  const min = (minimum: number) => ({ type: 'integer', minimum: minimum });
  expect(validator.errors(min(8001), 8001)).toBeUndefined();
  expect(validator.errors(min(8002), 8001)).toHaveLength(1);
  expect(validator.errors({ type: 'string', maxLength: 8003 }, 8001)).toHaveLength(1);
  const withDefault = {
    type: 'object',
    properties: { n: { type: 'integer', default: 8004 } },
  };
  const plain: Record<string, unknown> = {};
  expect(validator.errors(withDefault, plain)).toBeUndefined();
  expect(plain).toEqual({});
  const filled: Record<string, unknown> = {};
  expect(validator.errors(withDefault, filled, true)).toBeUndefined();
  expect(filled).toEqual({ n: 8004 });
});

it('keeps the process-wide cache bounded', () => {
  const validator = new SchemaValidator();
  for (let i = 0; i < SCHEMA_CACHE_SIZE + 50; i++) {
    expect(validator.errors({ const: `bounded-${i}` }, `bounded-${i}`)).toBeUndefined();
  }
  expect(SchemaValidator.cacheStats().size).toBeLessThanOrEqual(2 * SCHEMA_CACHE_SIZE);
  // An evicted schema compiles again and still validates correctly.
  expect(validator.errors({ const: 'bounded-0' }, 'bounded-1')).toHaveLength(1);
});
