import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeServices } from '@stack-plugin/host';
import { CAPABILITIES, type CapabilityDescriptor } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { createTestServices } from './test-services.js';

// The harness's half of the descriptor coverage (the host's half, with sandbox routes and
// docs, is host/test/capability-coverage.test.ts): every capability performed by a host
// service has an in-memory service in the test host, with every operation the real one has.

// Releasing resources (`close`) is the owner's business, not a capability operation.
const LIFECYCLE = new Set(['close', 'dispose']);
const functions = (service: unknown): string[] =>
  Object.keys(service as object)
    .filter(
      (key) =>
        typeof (service as Record<string, unknown>)[key] === 'function' && !LIFECYCLE.has(key),
    )
    .sort();

describe.each(
  (CAPABILITIES as readonly CapabilityDescriptor[])
    .filter((d) => d.service !== 'host')
    .map((d) => [d.name, d] as const),
)('capability %s', (_name, d) => {
  it('has a harness service doing everything the Node service does', async () => {
    const real = createNodeServices({
      root: join(tmpdir(), 'stack-coverage'),
      logger: { write() {} },
    }) as unknown as Record<string, unknown>;
    const harness = (await createTestServices()) as unknown as Record<string, unknown>;
    // Descriptor-only capabilities keep their services under `capabilities`.
    const byName = (all: Record<string, unknown>) =>
      all[d.service] ?? (all.capabilities as Record<string, unknown> | undefined)?.[d.service];
    expect(byName(harness), `createTestServices() has no "${d.service}" service`).toBeTypeOf(
      'object',
    );
    const missing = functions(byName(real)).filter(
      (op) => !functions(byName(harness)).includes(op),
    );
    expect(missing, `operations of "${d.service}" the harness lacks`).toEqual([]);
  });
});
