import { createError, isStackPluginError, readPluginPackage, } from '@stack-plugin/pdk';
import semver from 'semver';
import { resolvePluginConfig } from '../config/resolve-plugin-config.js';
import { verifyPluginDistribution } from '../distribution/verify-plugin-distribution.js';
import { resolveIsolation, resolveLimits } from '../sandbox/resolve-isolation.js';
/**
 * Reads and validates the package (pdk), checks the `host` range, decides the isolation level
 * and limits (manifest, raised or capped by the host) and resolves the configuration. Runs no
 * plugin code. Throws the catalog error that explains the first problem, naming the plugin.
 */
export async function preparePlugin(input) {
    const pkg = await readPluginPackage(input.dir);
    const { manifest, name } = pkg;
    // Integrity and signatures are checked before any plugin code is imported, on every load
    // (reloads included), so a file swapped on disk after install is refused too.
    await verifyPluginDistribution({ dir: pkg.dir, plugin: name, policy: input.policy });
    if (!semver.satisfies(input.hostApiVersion, manifest.host, { includePrerelease: true })) {
        throw createError('HOST_INCOMPATIBLE', { range: manifest.host, version: input.hostApiVersion }, { plugin: name });
    }
    // Config entry and runtime option may only raise the level; so may the policy.
    const isolation = resolveIsolation(resolveIsolation(manifest.isolation, input.entry?.isolation), input.isolation, input.policy);
    const limits = resolveLimits(manifest.limits, input.policy);
    const config = resolvePluginConfig({
        plugin: name,
        schema: manifest.config,
        file: input.entry?.config,
        env: input.env,
        runtime: input.runtimeConfig,
    }, input.validator);
    return { pkg, isolation, limits, config };
}
/**
 * Wraps a plugin failure with the plugin and the phase, keeping the original as `cause`.
 * For a lifecycle hook (`PLUGIN_ACTIVATION_FAILED`) only errors that already say the phase
 * (timeouts, earlier wraps) pass through; for a handler call (`PLUGIN_CALL_FAILED`) every
 * catalog error that names the plugin passes through, so a caller still sees
 * `PERMISSION_DENIED` or `VALIDATION_FAILED` as such.
 */
export function wrapPluginError(error, plugin, phase, code = 'PLUGIN_ACTIVATION_FAILED') {
    if (isStackPluginError(error) && error.plugin === plugin) {
        const phased = PHASED.has(error.code);
        if (code === 'PLUGIN_CALL_FAILED' || phased)
            return error;
    }
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    return createError(code, { phase, detail }, { plugin, cause: error });
}
const PHASED = new Set([
    'PLUGIN_ACTIVATION_FAILED',
    'PLUGIN_CALL_FAILED',
    'PLUGIN_TIMEOUT',
    'PLUGIN_CRASHED',
]);
//# sourceMappingURL=_prepare-plugin.js.map