import type { CapabilityService } from '@stack-plugin/host';
import type { SpySequence } from './spy-log.js';

/**
 * The in-memory services of the capabilities the host's broker serves from their descriptor
 * alone, by service name: the harness's half of "Adding a capability" (ARCHITECTURE.md),
 * matching `createNodeCapabilityServices` of the host operation for operation (the
 * capability-coverage test checks it). No capability needs one yet.
 */
export function createMemoryCapabilityServices(options: {
  readonly sequence: SpySequence;
}): Readonly<Record<string, CapabilityService>> {
  void options;
  return {};
}
