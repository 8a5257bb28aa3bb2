import { fileURLToPath } from 'node:url';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import type { CapabilityCall, ExecutorLoadRequest } from '../../src/executor/plugin-executor.js';

/** Folder of a hostile (or helper) fixture plugin. */
export function fixture(name: string): {
  name: string;
  version: string;
  dir: string;
  entry: string;
} {
  const dir = fileURLToPath(new URL(`../fixtures/hostile/${name}/`, import.meta.url));
  return { name, version: '1.0.0', dir, entry: `${dir}index.js` };
}

/**
 * A capability handler standing in for the broker: in-memory state per plugin, event
 * listeners, contributions and log records, with every call recorded. Calls to capabilities
 * outside `allow` are denied like the broker would.
 */
export class FakeBroker {
  readonly calls: CapabilityCall[] = [];
  readonly logs: Array<{ level: string; message: string }> = [];
  readonly state = new Map<string, unknown>();
  readonly contributions = new Set<string>();
  readonly listeners = new Map<string, string>();
  readonly handler = async (call: CapabilityCall): Promise<unknown> => {
    this.calls.push(call);
    const [a, b] = call.args;
    switch (`${call.capability}.${call.method}`) {
      case 'log.write':
        this.logs.push({ level: String(a), message: String(b) });
        return undefined;
      case 'state.set':
        this.state.set(String(a), b);
        return undefined;
      case 'state.get':
        return this.state.get(String(a));
      case 'contributions.register':
        this.contributions.add(`${String(a)}:${String(b)}`);
        return undefined;
      case 'contributions.unregister':
        this.contributions.delete(`${String(a)}:${String(b)}`);
        return undefined;
      case 'events.on':
        this.listeners.set(String(b), String(a));
        return undefined;
      case 'events.off':
        this.listeners.delete(String(a));
        return undefined;
      case 'events.emit':
        return undefined;
      case 'secrets.get':
        if (a === 'CODED') {
          throw createError(pdkErrors.PERMISSION_DENIED, {
            plugin: '_features',
            action: 'read the secret "CODED"',
            permission: 'secret:CODED',
          });
        }
        throw Object.assign(new Error(`denied: ${call.capability}.${call.method}`), {
          code: 'PERMISSION_DENIED',
        });
      default:
        throw Object.assign(new Error(`denied: ${call.capability}.${call.method}`), {
          code: 'PERMISSION_DENIED',
        });
    }
  };
}

/** A load request for a fixture with a fake broker. */
export function request(
  name: string,
  broker: FakeBroker,
  limits: { timeoutMs?: number; memoryMb?: number } = {},
  config: Record<string, unknown> = {},
): ExecutorLoadRequest {
  return {
    plugin: fixture(name),
    config,
    limits: { timeoutMs: limits.timeoutMs ?? 5_000, memoryMb: limits.memoryMb ?? 64 },
    capabilities: broker.handler,
  };
}

/** Host-side invoke options. */
export const call = (timeoutMs = 5_000) => ({ caller: 'host', timeoutMs });
