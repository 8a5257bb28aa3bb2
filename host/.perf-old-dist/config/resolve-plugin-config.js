import { createError } from '@stack-plugin/pdk';
import { substituteTemplates } from './substitute-templates.js';
/**
 * Resolves a plugin's configuration: schema defaults < host config file < environment
 * overrides < runtime parameters, then `${env.X}` and `${config.x}` references, then
 * validation against the schema. Throws `CONFIG_INVALID` naming the plugin.
 */
export function resolvePluginConfig(sources, validator) {
    const { plugin, schema, env } = sources;
    const fail = (detail) => {
        throw createError('CONFIG_INVALID', { detail }, { plugin });
    };
    let merged = {};
    merged = deepMerge(merged, structuredClone(sources.file ?? {}));
    if (schema !== undefined)
        merged = deepMerge(merged, envOverrides(plugin, schema, env));
    merged = deepMerge(merged, structuredClone(sources.runtime ?? {}));
    try {
        merged = substituteTemplates(merged, { env, config: merged });
    }
    catch (error) {
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
/**
 * The environment variable that overrides one config key: `STACK_PLUGIN_`, the plugin name and
 * the key path, upper-cased, every run of other characters turned into `_`, nested keys joined
 * by `__`. `@acme/notes` key `apiUrl` -> `STACK_PLUGIN_ACME_NOTES_APIURL`; key `db.host` ->
 * `STACK_PLUGIN_ACME_NOTES_DB__HOST`.
 */
export function configEnvName(plugin, keyPath) {
    return `STACK_PLUGIN_${envPart(plugin)}_${keyPath.map(envPart).join('__')}`;
}
function envPart(text) {
    return text
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '');
}
/** Overrides for every key the schema declares, coerced to the declared type. */
function envOverrides(plugin, schema, env, path = []) {
    const out = {};
    const properties = schema.properties;
    if (typeof properties !== 'object' || properties === null)
        return out;
    for (const [key, child] of Object.entries(properties)) {
        if (typeof child !== 'object' || child === null)
            continue;
        const keyPath = [...path, key];
        const raw = env[configEnvName(plugin, keyPath)];
        if (raw !== undefined)
            out[key] = coerce(raw, child);
        else if (child.properties !== undefined) {
            const nested = envOverrides(plugin, child, env, keyPath);
            if (Object.keys(nested).length > 0)
                out[key] = nested;
        }
    }
    return out;
}
/** Turns an environment string into the schema's type; leaves it a string when it cannot, so validation reports it. */
function coerce(raw, schema) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('string') || schema.type === undefined)
        return raw;
    if (types.includes('number') || types.includes('integer')) {
        const n = Number(raw);
        if (raw.trim() !== '' && !Number.isNaN(n))
            return n;
    }
    if (types.includes('boolean')) {
        if (raw === 'true' || raw === '1')
            return true;
        if (raw === 'false' || raw === '0')
            return false;
    }
    if (types.includes('object') || types.includes('array')) {
        try {
            return JSON.parse(raw);
        }
        catch {
            return raw;
        }
    }
    return raw;
}
/** Plain objects merge key by key; anything else in `over` replaces what is in `base`. */
export function deepMerge(base, over) {
    const out = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const current = out[key];
        out[key] = isPlain(current) && isPlain(value) ? deepMerge(current, value) : value;
    }
    return out;
}
function isPlain(value) {
    return (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype);
}
//# sourceMappingURL=resolve-plugin-config.js.map