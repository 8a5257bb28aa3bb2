import { StackPluginError } from '@stack-plugin/pdk';
import type { WireError } from './_protocol.js';

/**
 * An error from `plugin`'s sandbox as the host's callers see it: a coded one (code and hint)
 * is a {@link StackPluginError} again, with its `data`, so wrappers and the CLI show it like a
 * host error; anything else is a plain error keeping its code. The error keeps the plugin it
 * names only when that is `plugin`: a sandbox cannot pass its error off as another plugin's.
 * (Host-side only: `_protocol.ts` must stay loadable in a sandbox, which may import no package.)
 */
export function fromWireError(wire: WireError, plugin: string): Error {
  const { code, hint, data } = wire;
  const error: Error & { code?: string } =
    typeof code === 'string' && typeof hint === 'string'
      ? new StackPluginError(code, String(wire.message), hint, {
          data: typeof data === 'object' && data !== null ? { ...data } : {},
          ...(wire.plugin === plugin ? { plugin } : {}),
        })
      : Object.assign(new Error(String(wire.message)), typeof code === 'string' ? { code } : {});
  error.name = String(wire.name);
  if (typeof wire.stack === 'string') error.stack = wire.stack;
  return error;
}
