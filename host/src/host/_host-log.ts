import { isStackPluginError } from '@stack-plugin/pdk';
import type { Redactor } from '../broker/redactor.js';
import type { HostServices } from '../services/host-services.js';

/** How the host writes to its logger. */
export type HostLog = (level: 'warn' | 'error' | 'info', message: string, plugin?: string) => void;

/**
 * The host's log: redacted, timed by the host clock, never throwing. `services` is read per
 * write, so a restarted host logs through its fresh adapters.
 */
export function createHostLog(services: HostServices, redactor: Redactor): HostLog {
  return (level, message, plugin) => {
    try {
      services.logger.write({
        level,
        message: redactor.redact(message),
        ...(plugin === undefined ? {} : { plugin }),
        time: services.clock.now(),
      });
    } catch {
      // A broken logger must not break the host.
    }
  };
}

/** The message of anything thrown. */
export function errorText(error: unknown): string {
  if (isStackPluginError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
