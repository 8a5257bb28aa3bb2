import { createError } from '@stack-plugin/pdk';
import { hostErrors } from '../host-errors.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { configEnvName } from './config-env-name.js';
import { substituteTemplates } from './substitute-templates.js';

/** Inputs of {@link resolvePluginConfig}, lowest precedence first. */
export interface PluginConfigSources {
  readonly plugin: string;
  /** The manifest's `config` JSON Schema; its `default`s are the lowest layer. */
  readonly schema?: object | undefined;
  /** The plugin's `config` in stack.config.json. */
  readonly file?: Record<string, unknown> | undefined;
  /** The environment: read for `STACK_PLUGIN_<NAME>_<KEY>` overrides and `${env.X}`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values passed when loading the plugin (`host.load(..., { config })`). */
  readonly runtime?: Record<string, unknown> | undefined;
}

/**
 * Resolves a plugin's configuration: schema defaults < host config file < environment
 * overrides < runtime parameters, then `${env.X}` and `${config.x}` references, then
 * validation against the schema. Throws `CONFIG_INVALID` naming the plugin.
 */
export function resolvePluginConfig(
  sources: PluginConfigSources,
  validator: SchemaValidator,
): Record<string, unknown> {
  const { plugin, schema, env } = sources;
  const fail = (detail: string): never => {
    throw createError(hostErrors.CONFIG_INVALID, { plugin, detail }, { plugin });
  };
  let merged: Record<string, unknown> = {};
  merged = deepMerge(merged, structuredClone(sources.file ?? {}));
  if (schema !== undefined) merged = deepMerge(merged, envOverrides(plugin, schema, env, fail));
  merged = deepMerge(merged, structuredClone(sources.runtime ?? {}));
  try {
    merged = substituteTemplates(merged, { env, config: merged }, (text, path) => {
      const target = schema === undefined ? undefined : schemaAt(schema, path);
      return target === undefined ? text : coerce(text, target);
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (schema !== undefined) {
    validator.assert(schema, merged, {
      what: 'config',
      plugin,
      code: 'CONFIG_INVALID',
      applyDefaults: true,
    });
  }
  return merged;
}

/** Overrides for every key the schema declares, coerced to the declared type. */
function envOverrides(
  plugin: string,
  schema: object,
  env: Readonly<Record<string, string | undefined>>,
  fail: (detail: string) => never,
  path: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  if (typeof properties !== 'object' || properties === null) return out;
  for (const [key, child] of Object.entries(properties)) {
    if (typeof child !== 'object' || child === null) continue;
    const keyPath = [...path, key];
    const name = configEnvName(plugin, keyPath);
    const raw = env[name];
    const nested =
      (child as { properties?: unknown }).properties === undefined
        ? {}
        : envOverrides(plugin, child, env, fail, keyPath);
    if (raw !== undefined && Object.keys(nested).length > 0) {
      // Both would set the same keys; which one wins would be an accident of this code.
      fail(
        `${name} overrides the whole "${keyPath.join('.')}" and variables for keys inside it are set too; set one or the other`,
      );
    }
    if (raw !== undefined) out[key] = coerce(raw, child as { type?: unknown });
    else if (Object.keys(nested).length > 0) out[key] = nested;
  }
  return out;
}

/**
 * The subschema that describes the value at `path` (through `properties`, `items`,
 * `additionalProperties`), or undefined when the schema does not say.
 */
function schemaAt(schema: object, path: readonly string[]): { type?: unknown } | undefined {
  let current: unknown = schema;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const node = current as {
      properties?: Record<string, unknown>;
      items?: unknown;
      additionalProperties?: unknown;
    };
    if (node.properties !== undefined && Object.hasOwn(node.properties, key))
      current = node.properties[key];
    else if (/^\d+$/.test(key) && typeof node.items === 'object') current = node.items;
    else if (typeof node.additionalProperties === 'object') current = node.additionalProperties;
    else return undefined;
  }
  return typeof current === 'object' && current !== null
    ? (current as { type?: unknown })
    : undefined;
}

/** Turns an environment string into the schema's type; leaves it a string when it cannot, so validation reports it. */
function coerce(raw: string, schema: { type?: unknown }): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') || schema.type === undefined) return raw;
  if (types.includes('number') || types.includes('integer')) {
    const n = Number(raw);
    if (raw.trim() !== '' && !Number.isNaN(n)) return n;
  }
  if (types.includes('boolean')) {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
  }
  if (types.includes('object') || types.includes('array')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Plain objects merge key by key; anything else in `over` replaces what is in `base`. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
