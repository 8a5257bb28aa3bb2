import type { Host } from './host-types.js';
import type { PluginRegistry } from './plugin-registry.js';

/**
 * `host.setGrants` and `host.revoke`: the plugin's controller owns its grants; these only
 * find it. A change applies to the plugin's next capability call, at every isolation level,
 * since the broker (host-side for sandboxes too) reads the grants per call.
 */
export function createGrantControls(registry: PluginRegistry): Pick<Host, 'setGrants' | 'revoke'> {
  return {
    setGrants(name, narrowing) {
      const controller = registry.find(name);
      controller.setGrants(narrowing);
      return controller.status();
    },
    revoke(name, permission) {
      const controller = registry.find(name);
      const { grant, deny = [] } = controller.narrowing;
      if (!deny.includes(permission)) {
        controller.setGrants({
          ...(grant === undefined ? {} : { grant }),
          deny: [...deny, permission],
        });
      }
      return controller.status();
    },
  };
}
