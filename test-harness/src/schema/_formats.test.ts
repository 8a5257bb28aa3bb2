import { SchemaValidator } from '@stack-plugin/host/internal';
import { formatNames } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMAT_GENERATORS, NUMBER_FORMATS } from './_formats.js';
import { arbitraryFromSchema } from './arbitrary-from-schema.js';

describe('format generators', () => {
  it('cover exactly the formats the host validator checks', () => {
    expect(Object.keys(FORMAT_GENERATORS).sort()).toEqual([...formatNames].sort());
  });

  it.each([...formatNames])('generates values the host accepts as "%s"', (format) => {
    const schema = { type: NUMBER_FORMATS.has(format) ? 'number' : 'string', format };
    const validator = new SchemaValidator();
    const generator = FORMAT_GENERATORS[format]!;
    // The generator itself, not only through the validator's filter.
    for (const value of fc.sample(generator(), { numRuns: 150, seed: 7 }))
      expect(validator.errors(schema, value), `${JSON.stringify(value)}`).toBeUndefined();
    for (const value of fc.sample(arbitraryFromSchema(schema), { numRuns: 30, seed: 7 }))
      expect(validator.errors(schema, value)).toBeUndefined();
  });
});
