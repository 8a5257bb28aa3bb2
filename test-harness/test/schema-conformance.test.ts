import { isStackPluginError } from '@stack-plugin/pdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../fixtures/json-schema-test-suite/corpus.js';
import { arbitraryFromSchema } from '../src/index.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);

/** Values checked per schema. */
const RUNS = 15;
/** The corpus takes ~5 s alone; loaded CI machines have been measured at 4x slower. */
const TIMEOUT_MS = 120_000;

/**
 * An oracle independent of the generator: its own ajv instance, with the host's options
 * (draft 2020-12, formats, not strict).
 */
function createOracle() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, addUsedSchema: false });
  addFormats(ajv);
  return (schema: unknown) => {
    try {
      return ajv.compile(schema as object);
    } catch {
      return undefined;
    }
  };
}

/**
 * Schemas refused although the host compiles them and the suite shows a value they accept:
 * `\c` escapes that fast-check's `stringMatching` cannot produce (2), and an `$anchor` defined
 * twice under different base URIs, which the generator resolves to the wrong one (1). The
 * other refusals are schemas nothing satisfies or the host cannot compile.
 */
const KNOWN_GAPS = 3;

describe('arbitraryFromSchema over the JSON Schema Test Suite (draft 2020-12)', () => {
  it('never yields a value its schema rejects, and refuses only with a coded error', {
    timeout: TIMEOUT_MS,
  }, () => {
    const compile = createOracle();
    const families = new Map<string, { sound: number; refused: number }>();
    const unsound: string[] = [];
    const uncoded: string[] = [];
    const gaps: string[] = [];
    for (const [i, c] of loadCorpus().entries()) {
      const tally = families.get(c.family) ?? { sound: 0, refused: 0 };
      families.set(c.family, tally);
      const name = `${c.family}: ${c.description}`;
      const validate = compile(c.schema);
      let values: unknown[];
      try {
        values = fc.sample(arbitraryFromSchema(c.schema), { numRuns: RUNS, seed: i });
      } catch (error) {
        if (!isStackPluginError(error) || error.code !== 'TEST_SCHEMA_NOT_GENERATABLE') {
          uncoded.push(`${name}: ${String(error)}`);
          continue;
        }
        tally.refused += 1;
        const satisfiable = c.tests.some((t) => {
          try {
            return validate?.(t.data) === true;
          } catch {
            return false; // the oracle overflows its stack on some recursive schemas
          }
        });
        if (satisfiable) gaps.push(`${name}: ${error.message}`);
        continue;
      }
      const bad = values.find((v) => validate === undefined || !validate(v));
      if (bad === undefined) tally.sound += 1;
      else unsound.push(`${name}: ${JSON.stringify(bad)}`);
    }
    const rows = [...families].map(
      ([family, t]) => `${family.padEnd(40)} ${t.sound} sound, ${t.refused} refused`,
    );
    console.log(`arbitraryFromSchema conformance:\n${rows.join('\n')}`);
    expect(uncoded).toEqual([]);
    expect(unsound).toEqual([]);
    expect(gaps.length, gaps.join('\n')).toBeLessThanOrEqual(KNOWN_GAPS);
  });
});
