import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../fixtures/json-schema-test-suite/corpus.js';
import { schemaToType } from '../src/typegen/schema-to-type.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);

/** The host's validator options (host/src/schema/schema-validator.ts). */
function createOracle() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, addUsedSchema: false });
  addFormats(ajv);
  return (schema: unknown) => {
    try {
      const validate = ajv.compile(schema as object);
      return (value: unknown) => {
        try {
          return validate(value) === true;
        } catch {
          return false; // stack overflow on some recursive schemas
        }
      };
    } catch {
      return undefined;
    }
  };
}

/** One value of each JSON type, to tell which types a schema admits. */
const KIND_SAMPLES: Record<string, unknown[]> = {
  null: [null],
  boolean: [true, false],
  number: [0, 1, -1, 1.5, 2],
  // Strings in the common formats too, so a format alone still shows strings pass.
  string: ['', 'a', 'foo', 'a@b.co', '2020-01-01', '12:00:00Z', '2020-01-01T12:00:00Z', 'P1D'],
  uri: ['http://a.example/', '1.1.1.1', '::1', '0/a', 'a0a0a0a0-a0a0-4a0a-8a0a-a0a0a0a0a0a0'],
  array: [[], [1]],
  object: [{}, { a: 1 }],
};
const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
const KINDS = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/**
 * Schemas typed `unknown` although some JSON type never passes them: typegen does not resolve
 * `$anchor`s, `$id`-relative or `$dynamicRef` references (it widens them to `unknown`), nor
 * reason about `contains` bounds or `oneOf` of always-true members. Sound, but wider than
 * the schema; this bound keeps it from growing.
 */
const KNOWN_TOO_WIDE = 27;

const FILE = '/conformance.ts';

/**
 * Type-checks every valid instance of the suite against typegen's type for its schema, all in
 * one in-memory program (one `tsc` run for the whole corpus).
 */
function typeCheck(source: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name === FILE ? ts.createSourceFile(FILE, source, version) : read(name, version);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === FILE || exists(name);
  const program = ts.createProgram([FILE], options, host);
  return [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
}

describe('typegen over the JSON Schema Test Suite (draft 2020-12)', () => {
  // One tsc program over ~1000 declarations: ~5 s alone, several times that on a loaded machine.
  it('types every valid instance, and is unknown only where the schema admits every type', {
    timeout: 120_000,
  }, () => {
    const compile = createOracle();
    const lines: string[] = [];
    const owner: string[] = [];
    const tooWide: string[] = [];
    let instances = 0;
    const emit = (text: string, who: string) => {
      for (const line of text.split('\n')) {
        lines.push(line);
        owner.push(who);
      }
    };
    for (const [i, c] of loadCorpus().entries()) {
      const validate = compile(c.schema);
      if (validate === undefined) continue; // the host cannot compile it either
      const name = `${c.family}: ${c.description}`;
      const converted = schemaToType(c.schema, { aliasPrefix: `S${i}` });
      emit(`namespace N${i} {`, name);
      for (const alias of converted.aliases) emit(`type ${alias.name} = ${alias.type};`, name);
      emit(`export type T = ${converted.type};`, name);
      for (const [j, t] of c.tests.entries()) {
        if (!validate(t.data)) continue;
        instances += 1;
        emit(`export const v${j}: T = ${JSON.stringify(t.data)};`, `${name} / ${t.description}`);
      }
      emit('}', name);
      if (converted.type === 'unknown') {
        const samples = [...Object.values(KIND_SAMPLES).flat(), ...c.tests.map((t) => t.data)];
        const admitted = new Set(samples.filter((v) => validate(v)).map(kindOf));
        const missing = KINDS.filter((k) => !admitted.has(k));
        if (missing.length > 0)
          tooWide.push(`${name}: unknown, but no ${missing.join('/')} passes`);
      }
    }
    const failures = typeCheck(lines.join('\n')).map((d) => {
      const line =
        d.file === undefined || d.start === undefined
          ? -1
          : d.file.getLineAndCharacterOfPosition(d.start).line;
      return `${owner[line] ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
    expect(instances).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    expect(tooWide.length, tooWide.join('\n')).toBeLessThanOrEqual(KNOWN_TOO_WIDE);
  });
});
