import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';

/** Values placeholders are looked up in, by root name (`steps`, `input`, `env`, `config`, ...). */
export type TemplateScope = Readonly<Record<string, unknown>>;

/** Options of {@link resolveTemplate}. */
export interface ResolveTemplateOptions {
  /**
   * What a placeholder whose path has no value becomes: `error` (default) throws
   * `TEMPLATE_UNRESOLVED`; `undefined` yields `undefined` for a whole-string placeholder and
   * an empty string inside a longer string.
   */
  readonly onMissing?: 'error' | 'undefined';
}

/** Resolves the placeholders in a value; {@link resolveTemplate} is the default. */
export type TemplateResolver = (
  value: unknown,
  scope: TemplateScope,
  options?: ResolveTemplateOptions,
) => unknown;

// `$${...}` is an escaped literal; the path is dot-separated segments (step ids may contain
// dashes, so a segment is anything but `.`, `}` and whitespace).
const PLACEHOLDER = /\$(\$?)\{\s*([^\s{}]+)\s*\}/g;
const WHOLE = /^\$\{\s*([^\s{}]+)\s*\}$/;
const MAX_DEPTH = 64;

/**
 * Replaces `${root.path.to.value}` placeholders in `value`, walking arrays and plain objects
 * and leaving other values untouched. A string that is exactly one placeholder becomes the
 * looked-up value with its type (object, number, ...); placeholders inside a longer string are
 * interpolated (objects as JSON). `$${...}` yields a literal `${...}`. Keys that contain dots
 * are found too (`${steps.notes.fetch.output}` reads step `notes.fetch`), longest key first.
 *
 * Lookups only follow own properties, so `${steps.__proto__}` or `constructor` paths never
 * reach prototypes. Numeric segments index arrays: `${steps.a.output.items.0}`.
 *
 * @example
 * ```ts
 * import { resolveTemplate } from '@stack-plugin/host';
 *
 * const scope = { steps: { build: { output: { id: 7, tag: 'v1' } } } };
 * const input = { id: '${steps.build.output.id}', note: 'built ${steps.build.output.tag}' };
 * resolveTemplate(input, scope);
 * // -> { id: 7, note: 'built v1' }
 * ```
 */
export function resolveTemplate(
  value: unknown,
  scope: TemplateScope,
  options: ResolveTemplateOptions = {},
): unknown {
  return walk(value, scope, options.onMissing ?? 'error', 0);
}

/**
 * The placeholder paths used in `value` (e.g. `steps.build.output.id`), escaped ones excluded.
 * Lets a workflow check, before running, that every referenced step is a dependency.
 */
export function listTemplateReferences(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      for (const match of v.matchAll(PLACEHOLDER)) {
        if (match[1] === '' && match[2] !== undefined) found.push(match[2]);
      }
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (isPlainObject(v)) {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return found;
}

function walk(
  value: unknown,
  scope: TemplateScope,
  onMissing: 'error' | 'undefined',
  depth: number,
): unknown {
  if (depth > MAX_DEPTH) {
    throw createError(hostErrors.TEMPLATE_UNRESOLVED, {
      expression: '...',
      detail: `the value nests deeper than ${MAX_DEPTH} levels`,
    });
  }
  if (typeof value === 'string') return resolveString(value, scope, onMissing);
  if (Array.isArray(value)) return value.map((item) => walk(item, scope, onMissing, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty so a `__proto__` key stays a plain own key instead of a prototype swap.
      Object.defineProperty(out, key, {
        value: walk(item, scope, onMissing, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function resolveString(text: string, scope: TemplateScope, onMissing: 'error' | 'undefined') {
  const whole = WHOLE.exec(text);
  if (whole?.[1] !== undefined) return lookup(whole[1], scope, onMissing);
  if (!text.includes('${')) return text;
  return text.replace(PLACEHOLDER, (_match, escaped: string, path: string) => {
    if (escaped === '$') return `\${${path}}`;
    const found = lookup(path, scope, onMissing);
    if (found === undefined) return '';
    return typeof found === 'string' ? found : JSON.stringify(found);
  });
}

function lookup(path: string, scope: TemplateScope, onMissing: 'error' | 'undefined'): unknown {
  const segments = path.split('.');
  let current: unknown = scope;
  let index = 0;
  while (index < segments.length) {
    // Keys may contain dots (step ids like `notes.fetch`): try the longest key that exists.
    let next: unknown;
    let end = segments.length;
    for (; end > index; end--) {
      next = ownValue(current, segments.slice(index, end).join('.'));
      if (next !== undefined) break;
    }
    if (next === undefined) {
      if (onMissing === 'undefined') return undefined;
      const at = segments.slice(0, index + 1).join('.');
      throw createError(hostErrors.TEMPLATE_UNRESOLVED, {
        expression: path,
        detail: index === 0 ? `"${segments[0]}" is not a known root` : `"${at}" is not set`,
      });
    }
    current = next;
    index = end;
  }
  return current;
}

function ownValue(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || key === '') return undefined;
  if (!Object.hasOwn(container, key)) return undefined;
  return (container as Record<string, unknown>)[key];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
