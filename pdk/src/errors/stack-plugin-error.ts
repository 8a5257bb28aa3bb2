import { type ErrorArgsOf, type ErrorEntry, renderHint } from './define-errors.js';
import { pdkErrors } from './pdk-errors.js';

/** Options for {@link createError}. */
export interface CreateErrorOptions {
  /**
   * The plugin concerned. When absent (not merely `undefined`), the entry's `plugin` argument
   * names it.
   */
  plugin?: string;
  /** The original error this one wraps; kept, never replaced. */
  cause?: unknown;
  /**
   * The errors this one reports together (a start-up that failed for several plugins, a
   * workflow whose steps failed). Each keeps its own code, plugin and hint, so tools can show
   * them rather than only the wrapper.
   */
  errors?: readonly StackPluginError[];
}

/** Options of the {@link StackPluginError} constructor. */
export interface StackPluginErrorOptions extends CreateErrorOptions {
  /** The typed arguments the message and hint were rendered from. */
  data?: object;
  /** Exit status of a command failing with this error (1 when absent). */
  exitCode?: number;
}

/** The JSON form of one error, without its inner errors. */
export interface ErrorJsonBody {
  code: string;
  message: string;
  hint: string;
  plugin?: string;
}

/** {@link ErrorJsonBody} with the inner errors of a wrapper, each with its own code and hint. */
export interface ErrorJsonTree extends ErrorJsonBody {
  errors?: ErrorJsonTree[];
}

/**
 * The JSON shape of an error, as every CLI prints it on stderr with `--json`. `errors` lists
 * the inner errors of a wrapper (each with its own code, hint and plugin).
 */
export interface ErrorJson {
  error: ErrorJsonTree;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * The error type of every Stack PDK package: a stable `code`, a `message` (what happened and
 * why), a `hint` (what to do), the `plugin` concerned and the typed `data` the message was
 * rendered from. Wrapped failures keep the original as `cause`; a wrapper reporting several
 * failures lists them in `errors`.
 */
export class StackPluginError<
  Code extends string = string,
  Data extends object = object,
> extends Error {
  /** Stable code from the catalog of the package that threw it. */
  readonly code: Code;
  /** What to do about it. */
  readonly hint: string;
  /** The plugin concerned, if any. */
  readonly plugin: string | undefined;
  /** The typed arguments of the catalog entry: read these, never the message. */
  readonly data: Readonly<Data>;
  /** The inner errors this one reports together; empty for a single failure. */
  readonly errors: readonly StackPluginError[];
  /** Exit status of a command that fails with this error. */
  readonly exitCode: number;

  constructor(code: Code, message: string, hint: string, options: StackPluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackPluginError';
    this.code = code;
    this.hint = hint;
    this.plugin = options.plugin;
    this.data = Object.freeze({ ...(options.data ?? {}) }) as Readonly<Data>;
    this.errors = Object.freeze([...(options.errors ?? [])]);
    this.exitCode = options.exitCode ?? 1;
  }

  /** The structured-clonable form, used across process boundaries and in JSON output. */
  toJSON(): ErrorJson['error'] {
    return jsonOf(this);
  }
}

/** The JSON form of a (possibly cloned) error and, nested, of the errors it reports. */
function jsonOf(error: StackPluginError): ErrorJson['error'] {
  const { code, message, hint, plugin } = error;
  const inner = innerErrors(error);
  return {
    code,
    message,
    hint,
    ...(typeof plugin === 'string' ? { plugin } : {}),
    ...(inner.length === 0 ? {} : { errors: inner.map(jsonOf) }),
  };
}

/** The `args` (and options) {@link createError} takes for an entry: optional when it needs none. */
export type CreateErrorArgs<E> =
  // biome-ignore lint/complexity/noBannedTypes: "an empty object literal would do" is exactly `{}`
  {} extends ErrorArgsOf<E>
    ? [args?: ErrorArgsOf<E>, options?: CreateErrorOptions]
    : [args: ErrorArgsOf<E>, options?: CreateErrorOptions];

/**
 * Create an error from a catalog entry (see `defineErrors`), rendering its message and hint
 * from the typed `args`, which stay on the error as `data`; the entry's `exitCode` goes with it.
 */
export function createError<const E extends ErrorEntry<string, never>>(
  entry: E,
  ...rest: CreateErrorArgs<E>
): StackPluginError<E['code'], ErrorArgsOf<E>> {
  const [args = {}, options = {}] = rest as [object?, CreateErrorOptions?];
  const typed = entry as unknown as ErrorEntry<string, object>;
  const argPlugin = (args as { plugin?: unknown }).plugin;
  return new StackPluginError(typed.code, typed.message(args), renderHint(typed, args), {
    ...options,
    plugin:
      'plugin' in options ? options.plugin : typeof argPlugin === 'string' ? argPlugin : undefined,
    data: args,
    ...(typed.exitCode === undefined ? {} : { exitCode: typed.exitCode }),
  }) as StackPluginError<E['code'], ErrorArgsOf<E>>;
}

/**
 * Whether `value` is a {@link StackPluginError}, also one that crossed a realm or a structured
 * clone, recognised by shape (a SCREAMING_SNAKE_CASE `code`, a `message` and a `hint`).
 */
export function isStackPluginError(value: unknown): value is StackPluginError {
  if (value instanceof StackPluginError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    CODE_PATTERN.test(v.code) &&
    typeof v.message === 'string' &&
    typeof v.hint === 'string'
  );
}

/**
 * The inner errors a wrapper reports (`errors`), each with its own code and hint; empty for
 * a single failure or a value that is no {@link StackPluginError}.
 */
export function innerErrors(error: unknown): readonly StackPluginError[] {
  if (!isStackPluginError(error)) return [];
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errors.filter(isStackPluginError) : [];
}

/**
 * Convert any thrown value into the CLI's JSON error shape. Unknown errors become `INTERNAL`
 * so output stays well-formed whatever was thrown.
 */
export function toErrorJson(error: unknown): ErrorJson {
  if (isStackPluginError(error)) return { error: jsonOf(error) };
  const detail = error instanceof Error ? error.message : String(error);
  return { error: createError(pdkErrors.INTERNAL, { detail }).toJSON() };
}
