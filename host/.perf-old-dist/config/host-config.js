import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createError } from '@stack-plugin/pdk';
/** Name of the host config file looked up in the workspace root. */
export const HOST_CONFIG_FILE = 'stack.config.json';
/**
 * Reads the host config: an object as given, a path to a JSON file (relative to `root`), or
 * `<root>/stack.config.json` when present (otherwise no plugins). Throws `VALIDATION_FAILED`.
 */
export async function loadHostConfig(root, config) {
    if (typeof config === 'object')
        return { config: checkHostConfig(config, 'The host config'), baseDir: root };
    const file = config === undefined
        ? join(root, HOST_CONFIG_FILE)
        : isAbsolute(config)
            ? config
            : resolve(root, config);
    if (config === undefined && !existsSync(file))
        return { config: { plugins: [] }, baseDir: root };
    let parsed;
    try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
    }
    catch (error) {
        throw createError('VALIDATION_FAILED', { what: file, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
    }
    return { config: checkHostConfig(parsed, file), baseDir: dirname(file) };
}
const LEVELS = new Set(['none', 'limited', 'strict']);
function checkHostConfig(value, what) {
    const fail = (detail) => {
        throw createError('VALIDATION_FAILED', { what, detail });
    };
    if (typeof value !== 'object' || value === null)
        fail('it must be an object');
    const config = value;
    const plugins = config.plugins ?? [];
    if (!Array.isArray(plugins))
        fail('/plugins must be an array');
    plugins.forEach((entry, i) => {
        if (typeof entry !== 'object' || entry === null)
            fail(`/plugins/${i} must be an object`);
        const hasPath = typeof entry.path === 'string';
        const hasPackage = typeof entry.package === 'string';
        if (hasPath === hasPackage)
            fail(`/plugins/${i} needs exactly one of "path" and "package"`);
        if (entry.isolation !== undefined && !LEVELS.has(entry.isolation)) {
            fail(`/plugins/${i}/isolation must be none, limited or strict`);
        }
        if (entry.config !== undefined && (typeof entry.config !== 'object' || entry.config === null)) {
            fail(`/plugins/${i}/config must be an object`);
        }
    });
    if (config.policy?.minIsolation !== undefined && !LEVELS.has(config.policy.minIsolation)) {
        fail('/policy/minIsolation must be none, limited or strict');
    }
    return { ...config, plugins };
}
//# sourceMappingURL=host-config.js.map