/**
 * What a package writes for one error code. `message` and `hint` receive the same typed
 * arguments, which also travel on the error as its `data`, so nothing downstream has to parse
 * the rendered text.
 */
export interface ErrorDefinition<Args extends object = object> {
  /** Short human title, used in docs. */
  readonly title: string;
  /** What happened and why, as one or more sentences (no "Error:" prefix). */
  readonly message: (args: Args) => string;
  /** What to do about it. */
  readonly hint: string | ((args: Args) => string);
  /** Exit status of a command that fails with this error; 1 when absent. */
  readonly exitCode?: number;
}

/** One entry of a package's error catalog: its definition plus the permanent `code`. */
export type ErrorEntry<
  Code extends string = string,
  Args extends object = object,
> = ErrorDefinition<Args> & {
  /** Stable, permanent, SCREAMING_SNAKE_CASE identifier. */
  readonly code: Code;
};

/** The arguments an entry's message and hint take (and the `data` its errors carry). */
export type ErrorArgsOf<E> = E extends ErrorDefinition<infer Args> ? Args : never;

/** A package's error catalog, as returned by {@link defineErrors}: entries keyed by code. */
export type ErrorCatalog<Defs> = {
  readonly [Code in keyof Defs & string]: ErrorEntry<Code, Defs[Code] & object>;
};

/**
 * Declares a package's error codes. Each key is a permanent code; each value says how to
 * render it from typed arguments (inferred from the `message` parameter, so the `hint`
 * parameter is typed too). Returns the entries with their `code` filled in, frozen.
 *
 * Every package owns one catalog (`pdk/src/errors/pdk-errors.ts`, `host/src/host-errors.ts`,
 * ...); a repository-wide test keeps codes unique across catalogs and never lets one vanish.
 *
 * @example
 * ```ts
 * import { createError, defineErrors } from '@stack-plugin/pdk';
 *
 * const errors = defineErrors({
 *   REPORT_MISSING: {
 *     title: 'Report not found',
 *     message: (a: { file: string }) => `No report was found at ${a.file}.`,
 *     hint: (a) => `Run \`make-report --out ${a.file}\` first.`,
 *     exitCode: 2,
 *   },
 * });
 * const error = createError(errors.REPORT_MISSING, { file: 'out/report.json' });
 * console.log(error.code, error.data.file, error.exitCode); // REPORT_MISSING out/report.json 2
 * ```
 */
export function defineErrors<Defs>(
  definitions: {
    [Code in keyof Defs]: ErrorDefinition<Defs[Code] & object>;
  },
): ErrorCatalog<Defs> {
  const catalog: Record<string, ErrorEntry<string, never>> = {};
  for (const [code, definition] of Object.entries(
    definitions as Record<string, ErrorDefinition<never>>,
  )) {
    catalog[code] = Object.freeze({ ...definition, code });
  }
  return Object.freeze(catalog) as unknown as ErrorCatalog<Defs>;
}

/** Renders an entry's hint, which is either fixed text or a function of the arguments. */
export function renderHint<Args extends object>(entry: ErrorDefinition<Args>, args: Args): string {
  return typeof entry.hint === 'string' ? entry.hint : entry.hint(args);
}

/**
 * The text of a thrown value (or a sentence) as a clause to embed in another message: its
 * `message` for an Error, without the final period, since catalog messages add their own.
 * Wrappers of catalog errors keep those as `errors` or `cause` instead of embedding them.
 */
export function toClause(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
