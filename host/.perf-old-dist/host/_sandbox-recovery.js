import { createError } from '@stack-plugin/pdk';
import { PluginGeneration } from './plugin-generation.js';
/** Whether an instance reports supervision status (the `limited` and `strict` ones do). */
export function isSupervised(instance) {
    const candidate = instance;
    return typeof candidate?.onStatusChange === 'function' && typeof candidate.status === 'function';
}
/**
 * Keeps the host's view of a supervised plugin in step with its supervisor:
 *
 * - `failed` (the sandbox crashed, hung or ran out of memory): the serving generation is
 *   closed (its routes and event subscriptions removed), the plugin is marked `failed` with a
 *   `PLUGIN_CRASHED` naming the plugin, the phase and the supervisor's error as `cause`, and a
 *   new generation is staged (not routed) for the incarnation the supervisor may restart;
 * - `running` again (restarted and re-activated): the staged generation, holding what the new
 *   incarnation registered through its broker, goes live and the plugin is `active` again;
 * - `quarantined`: the plugin stays `failed`, with the `PLUGIN_QUARANTINED` error, and the
 *   instance is disposed.
 *
 * Changes of an instance that no longer serves the plugin (being stopped, or replaced by a
 * reload) are ignored: whoever stops it disposes it.
 */
export function followSupervision(deps, record, instance, channel) {
    const plugin = record.prepared.pkg.name;
    instance.onStatusChange((change) => {
        const current = record.current;
        if (current?.instance !== instance)
            return;
        const state = record.lifecycle.state;
        switch (change.to) {
            case 'failed': {
                // A crash while the host is still activating it rejects `activate`, handled there.
                if (state !== 'active' && state !== 'failed')
                    return;
                deps.routes.clear(current);
                const next = new PluginGeneration(false);
                deps.routes.adopt(next, record);
                next.instance = instance;
                channel.handler = deps.brokerFor(record, next);
                record.current = next;
                const error = deps.redact(crashError(record, change, state === 'active' ? 'running' : 'restarting'));
                if (state === 'active')
                    deps.fail(record, error);
                else {
                    record.error = error;
                    deps.log('error', error.message, plugin);
                }
                return;
            }
            case 'running': {
                if (state !== 'failed' || current.live)
                    return;
                deps.routes.goLive(record, current, undefined);
                record.error = undefined;
                record.lifecycle.transition('active');
                deps.log('info', `"${plugin}" was restarted after a crash and is active again.`, plugin);
                return;
            }
            case 'quarantined': {
                deps.routes.clear(current);
                record.current = undefined;
                // The supervisor's PLUGIN_QUARANTINED, with the last crash as its cause.
                if (change.error !== undefined)
                    record.error = deps.redact(change.error);
                deps.log('error', record.error?.message ?? `"${plugin}" was quarantined.`, plugin);
                void instance.dispose().catch(() => { });
                return;
            }
            default:
                return;
        }
    });
}
function crashError(record, change, phase) {
    const plugin = record.prepared.pkg.name;
    const how = change.end === undefined
        ? 'it ended'
        : `${change.end.kind}: ${change.end.detail.replace(/\.$/, '')}`;
    return createError('PLUGIN_CRASHED', { detail: `its ${record.prepared.isolation} sandbox ended while ${phase} (${how})` }, { plugin, cause: change.error });
}
//# sourceMappingURL=_sandbox-recovery.js.map