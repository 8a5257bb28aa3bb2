import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPABILITIES, type CapabilityDescriptor } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../src/broker/audit-log.js';
import { createCapabilityBroker } from '../src/broker/capability-broker.js';
import { Redactor } from '../src/broker/redactor.js';
import { checkSandboxMessage } from '../src/sandbox/rpc-guard.js';
import type { HostServices } from '../src/services/host-services.js';
import { createNodeServices } from '../src/services/node/create-node-services.js';

// Every capability of the pdk's table must be served everywhere it is used: a host service
// (or the host itself), a broker handler, a sandbox route, a docs page. The harness's side is
// checked by test-harness's capability-coverage test, against the same table.

const DOCS = new URL('../../docs/capabilities/', import.meta.url);
const descriptors = CAPABILITIES as readonly CapabilityDescriptor[];
const methodsOf = (d: CapabilityDescriptor) => Object.keys(d.methods);
const services = createNodeServices({
  root: join(tmpdir(), 'stack-coverage'),
  logger: { write() {} },
});

function bareBroker() {
  return createCapabilityBroker(
    {
      services: services as HostServices,
      audit: new AuditLog(),
      redactor: new Redactor(),
      emit: () => Promise.resolve(),
      execute: () => Promise.resolve('executed'),
    },
    {
      plugin: 'coverage',
      closed: () => false,
      permissions: [],
      timeoutMs: 1000,
      registerContribution() {},
      unregisterContribution() {},
      subscribe() {},
      unsubscribe() {},
    },
  );
}

const NO_SUCH_METHOD = /no such capability method exists/;

describe.each(descriptors.map((d) => [d.name, d] as const))('capability %s', (_name, d) => {
  it('has a host service, or is performed by the host itself', () => {
    if (d.service === 'host') return;
    const service =
      (services as unknown as Record<string, unknown>)[d.service] ??
      services.capabilities?.[d.service];
    expect(service, `createNodeServices() has no "${d.service}" service`).toBeTypeOf('object');
  });

  it('has a broker handler for every method', async () => {
    const broker = bareBroker();
    for (const method of methodsOf(d)) {
      const outcome = await broker({ capability: d.name, method, args: [] }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(outcome ?? '', `${d.name}.${method}`).not.toMatch(NO_SUCH_METHOD);
    }
  });

  it('has a sandbox route for every method, exactly when it crosses the sandbox', () => {
    for (const method of methodsOf(d)) {
      const checked = checkSandboxMessage({
        t: 'cap',
        id: 1,
        capability: d.name,
        method,
        args: [],
      });
      expect(checked.ok, `${d.name}.${method}`).toBe(d.crossesSandbox);
    }
  });

  it('has a docs page naming its permissions and ctx methods', () => {
    const page = new URL(`${d.docs}.md`, DOCS);
    expect(existsSync(page), `docs/capabilities/${d.docs}.md`).toBe(true);
    const text = readFileSync(page, 'utf8');
    for (const p of d.permissions) expect(text, `${d.docs}.md`).toContain(`\`${p.grammar}\``);
    for (const [method, m] of Object.entries(d.methods)) {
      if (m.exposure === 'internal' || m.exposure === 'function') continue;
      const shown =
        m.exposure === 'registry' ? 'register' : m.exposure === 'logger' ? d.ctx : method;
      expect(text, `${d.docs}.md names ${shown}`).toContain(shown);
    }
  });
});

describe('the coverage checks themselves', () => {
  it('notice a method no capability has', async () => {
    await expect(bareBroker()({ capability: 'fs', method: 'chmod', args: ['a'] })).rejects.toThrow(
      NO_SUCH_METHOD,
    );
    expect(
      checkSandboxMessage({ t: 'cap', id: 1, capability: 'nosuch', method: 'query', args: [] }).ok,
    ).toBe(false);
  });
});
