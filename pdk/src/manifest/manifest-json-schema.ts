import { readFileSync } from 'node:fs';

/**
 * The published JSON Schema (draft 2020-12) of `stack-plugin.json`, also exported as
 * `@stack-plugin/pdk/schema.json`. Read from the generated file rather than built from the
 * TypeBox definition at run time, which would load typebox on every start-up.
 */
export const manifestJsonSchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../schema/stack-plugin.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
