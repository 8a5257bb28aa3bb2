import { type ErrorArgs, type ErrorCode, errorCatalog } from './error-catalog.js';

/** Options for {@link createError}. */
export interface CreateErrorOptions {
  /** The plugin concerned, when there is one. */
  plugin?: string;
  /** The original error this one wraps; kept, never replaced. */
  cause?: unknown;
}

/** The JSON shape of an error, as every CLI prints it on stderr with `--json`. */
export interface ErrorJson {
  error: { code: string; message: string; hint: string; plugin?: string };
}

/**
 * The error type of every Stack PDK package: a stable `code`, a `message` (what happened and
 * why), a `hint` (what to do) and the `plugin` concerned. Wrapped failures keep the original
 * as `cause`.
 */
export class StackPluginError extends Error {
  /** Stable code from the error catalog. */
  readonly code: ErrorCode;
  /** What to do about it. */
  readonly hint: string;
  /** The plugin concerned, if any. */
  readonly plugin: string | undefined;

  constructor(code: ErrorCode, message: string, hint: string, options: CreateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackPluginError';
    this.code = code;
    this.hint = hint;
    this.plugin = options.plugin;
  }

  /** The structured-clonable form, used across process boundaries and in JSON output. */
  toJSON(): ErrorJson['error'] {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.plugin === undefined ? {} : { plugin: this.plugin }),
    };
  }
}

/**
 * Create an error from the catalog, filling its message and hint from `args`.
 * `args.plugin` defaults to `options.plugin` so messages can name it.
 */
export function createError(
  code: ErrorCode,
  args: ErrorArgs = {},
  options: CreateErrorOptions = {},
): StackPluginError {
  const entry = errorCatalog[code];
  const filled: ErrorArgs = { plugin: options.plugin, ...args };
  return new StackPluginError(code, entry.message(filled), entry.hint(filled), options);
}

/** Whether `value` is a {@link StackPluginError} (also across realms, by shape). */
export function isStackPluginError(value: unknown): value is StackPluginError {
  if (value instanceof StackPluginError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    v.code in errorCatalog &&
    typeof v.message === 'string' &&
    typeof v.hint === 'string'
  );
}

/**
 * Convert any thrown value into the CLI's JSON error shape. Unknown errors become `INTERNAL`
 * so output stays well-formed whatever was thrown.
 */
export function toErrorJson(error: unknown): ErrorJson {
  if (error instanceof StackPluginError) return { error: error.toJSON() };
  if (isStackPluginError(error)) {
    const { code, message, hint, plugin } = error;
    return { error: { code, message, hint, ...(typeof plugin === 'string' ? { plugin } : {}) } };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { error: createError('INTERNAL', { detail }).toJSON() };
}
