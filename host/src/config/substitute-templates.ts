/**
 * `${...}` references in configuration and workflow values:
 * - `${env.NAME}`: an environment variable (the host's env, not the plugin's permissions);
 * - `${config.a.b}`: another value of the same resolved configuration;
 * - `${steps.<id>.output.<key>}`: a previous workflow step's output.
 * A string that is exactly one reference keeps the referenced value's type (a number stays a
 * number); a reference inside a longer string is interpolated as text. `$${` writes a literal `${`.
 */

/** Values references are resolved against; a missing root makes its references errors. */
export interface TemplateScope {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly config?: unknown;
  readonly steps?: Readonly<Record<string, { readonly output?: unknown }>>;
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const WHOLE = /^\$\{([^}]*)\}$/;
const MAX_DEPTH = 8;

/** Thrown for a reference that cannot be resolved; `reference` is the text inside `${}`. */
export class TemplateError extends Error {
  readonly reference: string;
  constructor(reference: string, reason: string) {
    super(`\${${reference}} ${reason}`);
    this.name = 'TemplateError';
    this.reference = reference;
  }
}

/** Resolves one reference such as `env.HOME` or `steps.fetch.output.count`. */
export function resolveReference(reference: string, scope: TemplateScope, depth = 0): unknown {
  const [root, ...path] = reference.trim().split('.');
  if (root === 'env') {
    const name = path.join('.');
    if (name === '' || scope.env === undefined)
      throw new TemplateError(reference, 'is not available here');
    const value = scope.env[name];
    if (value === undefined)
      throw new TemplateError(reference, `refers to ${name}, which is not set`);
    return value;
  }
  let current: unknown;
  if (root === 'config' && scope.config !== undefined) current = scope.config;
  else if (root === 'steps' && scope.steps !== undefined) current = scope.steps;
  else throw new TemplateError(reference, `cannot be resolved: use env., config. or steps.`);
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      throw new TemplateError(reference, 'refers to a value that does not exist');
    }
    current = (current as Record<string, unknown>)[key];
  }
  // A config value may itself hold references; the depth bound turns a cycle into an error.
  if (root === 'config' && typeof current === 'string' && current.includes('${')) {
    if (depth >= MAX_DEPTH) throw new TemplateError(reference, 'is part of a reference cycle');
    return substituteString(current, scope, depth + 1);
  }
  return current;
}

/** Resolves every reference in a string. */
export function substituteString(text: string, scope: TemplateScope, depth = 0): unknown {
  const whole = WHOLE.exec(text);
  if (whole !== null) return resolveReference(whole[1] ?? '', scope, depth);
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (match, reference: string | undefined) => {
    if (match === '$${') return '${';
    const value = resolveReference(reference ?? '', scope, depth);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * Turns the text of an environment variable that is a whole value (`"${env.PORT}"`) into the
 * type the target expects at `path` (keys and array indexes from the root).
 */
export type EnvCoercer = (text: string, path: readonly string[]) => unknown;

/**
 * Resolves every reference in every string of a JSON-like value (a new value is returned).
 * A string that is exactly one `${env.X}` reference goes through `coerce` with its path, since
 * the environment only holds text.
 */
export function substituteTemplates<T>(value: T, scope: TemplateScope, coerce?: EnvCoercer): T {
  const walk = (v: unknown, path: readonly string[]): unknown => {
    if (typeof v === 'string') {
      const resolved = substituteString(v, scope);
      const whole = coerce === undefined ? null : WHOLE.exec(v);
      return whole !== null && typeof resolved === 'string' && /^\s*env\./.test(whole[1] ?? '')
        ? (coerce as EnvCoercer)(resolved, path)
        : resolved;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
    if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    }
    return v;
  };
  return walk(value, []) as T;
}
