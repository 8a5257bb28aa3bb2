import { describe, expect, it } from 'vitest';
import {
  compileLinearPattern,
  linearPatternProblem,
  PATTERN_INPUT_LIMIT,
  PATTERN_PROGRAM_LIMIT,
} from './linear-pattern.js';
import { MANIFEST_SCHEMA_URL } from './manifest-constants.js';
import { validateManifest } from './validate-manifest.js';

const packageJson = {
  name: 'stack-plugin-demo',
  version: '1.0.0',
  description: 'Demo.',
  keywords: ['stack-plugin'],
  engines: { node: '>=22.12' },
};

const issuesFor = (config: Record<string, unknown>) =>
  validateManifest({
    manifest: { $schema: MANIFEST_SCHEMA_URL, category: 'micro', host: '^1.0.0', config },
    packageJson,
  }).issues.map(({ code, path, message }) => ({ code, path, message }));

/** 2^30 backtracking steps: about 20 s with JavaScript's engine on these machines. */
const EVIL = `${'a'.repeat(30)}!`;

describe('compileLinearPattern', () => {
  it('matches with ECMAScript test semantics on the patterns authors write', () => {
    const cases: Array<[string, string, boolean]> = [
      ['^[a-z]+$', 'abc', true],
      ['^[a-z]+$', 'abC', false],
      ['\\d{3}', 'x123y', true],
      ['^\\p{L}+$', 'élan', true],
      ['^\\u00e9$', 'é', true],
      ['^(?<word>\\w+)$', 'abc_1', true],
      ['^a/b$', 'a/b', true],
      // Unicode property names as ECMAScript spells them, which RE2 spells otherwise.
      ['^\\p{Letter}+$', 'élan', true],
      ['^\\p{digit}+$', '\u0661\u0662', true],
      ['^\\p{gc=Lu}$', 'A', true],
      ['^\\p{General_Category=Uppercase_Letter}$', 'a', false],
      ['^\\p{sc=Grek}+$', 'αβ', true],
      ['^\\p{Script=Greek}+$', 'ab', false],
      ['^\\P{Letter}$', '1', true],
      ['^\\\\p{L}$', '\\p{L}', true],
    ];
    for (const [source, input, expected] of cases) {
      expect([source, input, compileLinearPattern(source).test(input)]).toEqual([
        source,
        input,
        expected,
      ]);
    }
  });

  it('matches a catastrophic pattern against a crafted input in linear time', () => {
    const started = performance.now();
    expect(compileLinearPattern('^(a+)+$').test(EVIL)).toBe(false);
    expect(compileLinearPattern('^(a|a)+$').test('a'.repeat(PATTERN_INPUT_LIMIT))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses what it cannot run in linear time, with a coded error', () => {
    for (const source of ['(a)\\1', '(?=a)b', 'a(?!b)', '(?<=a)b', `(?:x{0,${500}}){4}`]) {
      expect(() => compileLinearPattern(source)).toThrow(
        expect.objectContaining({ code: 'SCHEMA_PATTERN_UNSUPPORTED' }),
      );
      expect(linearPatternProblem(source)).toEqual(expect.any(String));
    }
    expect(linearPatternProblem('x{0,500}y{0,500}')).toBe(
      `it compiles to a program of 2002 instructions, over the limit of ${PATTERN_PROGRAM_LIMIT}`,
    );
  });

  it('never matches a string over the input bound', () => {
    const pattern = compileLinearPattern('^a+$');
    expect(pattern.test('a'.repeat(PATTERN_INPUT_LIMIT))).toBe(true);
    expect(() => pattern.test('a'.repeat(PATTERN_INPUT_LIMIT + 1))).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_PATTERN_INPUT_TOO_LONG',
        message: `A string of ${PATTERN_INPUT_LIMIT + 1} characters was to be matched against the pattern "^a+$", but plugin patterns are matched against at most ${PATTERN_INPUT_LIMIT} characters, so the value is refused.`,
      }),
    );
  });
});

describe('validate with hostile patterns', () => {
  it('checks a default that backtracks catastrophically, quickly', () => {
    const started = performance.now();
    expect(
      issuesFor({
        type: 'object',
        properties: { name: { type: 'string', pattern: '^(a+)+$', default: EVIL } },
      }),
    ).toEqual([
      {
        code: 'CONFIG_DEFAULT_INVALID',
        path: '/config/properties/name/default',
        message: `The default "${EVIL}" does not match its own schema (must match pattern "^(a+)+$"), so every user who keeps it gets a configuration error.`,
      },
    ]);
    // Through ajv too (a schema acceptsSimply does not model).
    expect(
      issuesFor({
        type: 'object',
        properties: { name: { anyOf: [{ pattern: '^(a|a)+$' }], default: EVIL } },
      }).map((issue) => issue.code),
    ).toEqual(['CONFIG_DEFAULT_INVALID']);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses patterns the linear engine cannot run, by code and location', () => {
    expect(
      issuesFor({
        type: 'object',
        properties: { tag: { type: 'string', pattern: '^(a)\\1$' } },
        patternProperties: { '^(?=x)': true },
      }),
    ).toEqual([
      {
        code: 'JSON_SCHEMA_PATTERN_UNSUPPORTED',
        path: '/config/patternProperties/^(?=x)',
        message: expect.stringContaining('The pattern "^(?=x)" is refused:'),
      },
      {
        code: 'JSON_SCHEMA_PATTERN_UNSUPPORTED',
        path: '/config/properties/tag/pattern',
        message: expect.stringContaining('The pattern "^(a)\\1$" is refused:'),
      },
    ]);
  });
});
