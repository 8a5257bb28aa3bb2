import type { Host, PluginStatus } from '@stack-plugin/host';
import {
  type ErrorJson,
  innerErrors,
  isStackPluginError,
  type StackPluginError,
} from '@stack-plugin/pdk';

/** What {@link startForCall} found: failures of plugins the call does not depend on. */
export interface StartWarnings {
  /** Start failures of other plugins, as error JSON (code, message, hint, plugin). */
  readonly warnings: ReadonlyArray<ErrorJson['error']>;
}

/**
 * Starts the host for one call. A plugin that fails to start fails the run only when it is
 * the one serving the call (its own error, with its own code, is thrown; a plugin whose
 * requirement failed is itself failed, so requirements are covered); every other failure
 * becomes a warning, because `start()` keeps healthy plugins active.
 *
 * @param serves - whether a plugin's manifest contributes what the call names.
 */
export async function startForCall(
  host: Host,
  serves: (contributes: Record<string, unknown>) => boolean,
): Promise<StartWarnings> {
  try {
    await host.start();
    return { warnings: [] };
  } catch (error) {
    if (!isStackPluginError(error) || error.code !== 'HOST_STARTUP_FAILED') throw error;
    const target = host
      .plugins()
      .find((status) => serves((status.manifest.contributes ?? {}) as Record<string, unknown>));
    // A lazy target is healthy: the call activates it, and says so if that fails.
    if (target !== undefined && target.state !== 'active' && target.state !== 'lazy')
      throw target.error ?? error;
    // One error per failure: the plugins on a dependency cycle share theirs, named once.
    const inner = innerErrors(error);
    const failures = inner.length > 0 ? inner : [error];
    return {
      warnings: failures.map((failure) => {
        const { code, message, hint, plugin } = failure;
        return { code, message, hint, ...(typeof plugin === 'string' ? { plugin } : {}) };
      }),
    };
  }
}

/** Whether `contributes` lists an entry of `kind` with this id. */
export function contributesId(
  contributes: Record<string, unknown>,
  kind: string,
  id: string,
): boolean {
  const entries = contributes[kind];
  return Array.isArray(entries) && entries.some((entry) => (entry as { id?: unknown })?.id === id);
}

/**
 * Why a plugin cannot serve a call: its own failure (with its own code) when it is not active,
 * or undefined when it is active or has no recorded failure.
 */
export function startFailure(status: PluginStatus | undefined): StackPluginError | undefined {
  return status !== undefined && status.state !== 'active' ? status.error : undefined;
}
