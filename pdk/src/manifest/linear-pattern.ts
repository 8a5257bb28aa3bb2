/**
 * The only engine that runs regular expressions written by plugin authors (`pattern`,
 * `patternProperties` in their JSON Schemas) anywhere in the kit: host validation, `validate`,
 * `typegen`, the test harness. JavaScript's own engine backtracks, so `^(a+)+$` against a
 * few dozen characters freezes the thread that matches; RE2 (here its pure-JavaScript port
 * re2js, no native build) matches in time linear in the input. A native `re2` binding was not
 * taken: it needs a compiler at install time on every host, and re2js measured 1.6 ms for
 * `^(a+)+$` against 100,000 characters, well within the budgets below.
 *
 * Linear is not free: the cost is the input length times the size of the compiled program
 * (a pathological pattern of program size 3,000 took 850 ms on 10,000 characters), so both
 * are bounded: patterns larger than {@link PATTERN_PROGRAM_LIMIT} are refused where they are
 * compiled, strings longer than {@link PATTERN_INPUT_LIMIT} are never matched (the
 * validation fails with a coded error instead).
 */

import { lazyRequire } from '../_lazy-require.js';
import { pdkErrors } from '../errors/pdk-errors.js';
import { createError } from '../errors/stack-plugin-error.js';

type Re2Module = typeof import('re2js');
// re2js costs about 45 ms to import: loaded by the first schema that has a pattern.
const loadRe2 = lazyRequire<Re2Module>('re2js');
/** Unicode's property value aliases as ECMAScript accepts them: property -> alias -> name. */
const loadValueAliases = lazyRequire<ReadonlyMap<string, ReadonlyMap<string, string>>>(
  'unicode-property-value-aliases-ecmascript',
);

/** The largest compiled program (re2js `programSize()`) a pattern may have. */
export const PATTERN_PROGRAM_LIMIT = 1000;

/** The longest string, in UTF-16 code units, a pattern is matched against. */
export const PATTERN_INPUT_LIMIT = 16_384;

/** A compiled pattern: the `test` part of `RegExp` that ajv uses. */
export interface LinearPattern {
  /** Whether the pattern matches anywhere in `input` (ECMAScript `test` semantics). */
  test(input: string): boolean;
  /** The pattern's source, as written by the author. */
  readonly source: string;
}

/**
 * Why `source` cannot run on the linear engine (unsupported syntax such as backreferences
 * and lookaround, or a program over {@link PATTERN_PROGRAM_LIMIT}), or undefined when it can.
 */
export function linearPatternProblem(source: string): string | undefined {
  try {
    compileProgram(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type Spellings = {
  category: (name: string) => string | undefined;
  script: (name: string) => string | undefined;
};
let spellings: Spellings | undefined;

/**
 * RE2 names general categories by their short alias only (`L`, `Nd`) and scripts by their
 * long name (`Greek`); ECMAScript accepts every alias (`Letter`, `digit`, `gc=L`, `sc=Grek`).
 */
function re2Spellings(): Spellings {
  if (spellings !== undefined) return spellings;
  const aliases = loadValueAliases();
  const categories = aliases.get('General_Category') ?? new Map<string, string>();
  const scripts = aliases.get('Script') ?? new Map<string, string>();
  const shortest = new Map<string, string>();
  for (const [alias, name] of categories) {
    const known = shortest.get(name);
    if (known === undefined || alias.length < known.length) shortest.set(name, alias);
  }
  const scriptNames = new Set(scripts.values());
  spellings = {
    category: (name) => shortest.get(categories.get(name) ?? name),
    script: (name) => scripts.get(name) ?? (scriptNames.has(name) ? name : undefined),
  };
  return spellings;
}

const PROPERTY_KINDS: Record<string, 'category' | 'script'> = {
  gc: 'category',
  General_Category: 'category',
  sc: 'script',
  Script: 'script',
};

/** `\p{...}` and `\P{...}` rewritten in RE2's spelling; everything else is left as written. */
function withRe2PropertyNames(source: string): string {
  if (!/\\[pP]\{/.test(source)) return source;
  const names = re2Spellings();
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = source[i + 1] ?? '';
    const close = source.indexOf('}', i);
    if ((next === 'p' || next === 'P') && source[i + 2] === '{' && close > i) {
      const body = source.slice(i + 3, close);
      const [property, value = ''] = body.includes('=') ? body.split('=', 2) : [undefined, body];
      const kind = property === undefined ? undefined : PROPERTY_KINDS[property];
      const spelled =
        property === undefined
          ? (names.category(value) ?? names.script(value))
          : kind === undefined
            ? undefined
            : names[kind](value);
      out += `\\${next}{${spelled ?? body}}`;
      i = close;
      continue;
    }
    out += char + next;
    i += 1;
  }
  return out;
}

function compileProgram(source: string) {
  const { RE2JS } = loadRe2();
  let compiled: InstanceType<Re2Module['RE2JS']>;
  try {
    // ECMAScript spellings (`\u00e9`, `(?<name>`, `\p{Letter}`) become RE2 ones first.
    compiled = RE2JS.compile(RE2JS.translateRegExp(withRe2PropertyNames(source)));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the linear-time engine cannot run it (${reason})`);
  }
  const size = compiled.programSize();
  if (size > PATTERN_PROGRAM_LIMIT) {
    throw new Error(
      `it compiles to a program of ${size} instructions, over the limit of ${PATTERN_PROGRAM_LIMIT}`,
    );
  }
  return compiled;
}

/**
 * Compile a plugin-supplied pattern. Throws `SCHEMA_PATTERN_UNSUPPORTED` when the linear
 * engine cannot run it; the returned pattern's `test` throws `SCHEMA_PATTERN_INPUT_TOO_LONG`
 * for strings over {@link PATTERN_INPUT_LIMIT}, which a validator reports as a failure.
 */
export function compileLinearPattern(source: string): LinearPattern {
  let compiled: ReturnType<typeof compileProgram>;
  try {
    compiled = compileProgram(source);
  } catch (error) {
    throw createError(pdkErrors.SCHEMA_PATTERN_UNSUPPORTED, {
      pattern: source,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  return {
    source,
    test(input: string): boolean {
      if (input.length > PATTERN_INPUT_LIMIT) {
        throw createError(pdkErrors.SCHEMA_PATTERN_INPUT_TOO_LONG, {
          pattern: source,
          length: input.length,
          limit: PATTERN_INPUT_LIMIT,
        });
      }
      return compiled.test(input);
    },
    toString: () => `/${source}/`,
  } as LinearPattern;
}

/**
 * The `code.regExp` engine of every ajv instance that compiles plugin schemas. ajv calls it
 * with the pattern and its flags (`u`, which RE2 always applies); `code` names it in
 * standalone output, which we never generate for plugin schemas.
 */
export const linearRegExp: ((source: string, flags: string) => LinearPattern) & {
  code: string;
} = Object.assign((source: string, _flags: string) => compileLinearPattern(source), {
  code: 'require("@stack-plugin/pdk").linearRegExp',
});
