import { type CapabilityDescriptor, defineCapability } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import type { HostServices } from '../services/host-services.js';
import { createBrokerTools } from './_broker-tools.js';
import { AuditLog } from './audit-log.js';
import { Redactor } from './redactor.js';
import { serviceCall } from './service-call.js';

// A capability described by nothing but its descriptor, as `ctx.db` will be: its permission
// kinds are existing ones here, since the pdk's parser knows only the kinds of its table.
const kv: CapabilityDescriptor = defineCapability({
  name: 'kv',
  service: 'kv',
  ctx: 'kv',
  title: 'Key-value',
  summary: 'A store of its own.',
  risk: 'low',
  crossesSandbox: true,
  docs: 'kv',
  permissions: [
    {
      kind: 'state',
      grammar: 'state',
      target: 'none',
      describe: () => ({ risk: 'low', summary: 'S.' }),
    },
    {
      kind: 'env',
      grammar: 'env:<NAME>',
      target: 'env-name',
      describe: () => ({ risk: 'low', summary: 'E.' }),
    },
  ],
  methods: {
    put: { summary: 'Put.', permission: 'state', params: [{}, {}], result: {} },
    lookup: { summary: 'Look up.', permission: 'env', params: [{ type: 'string' }], result: {} },
    ping: { summary: 'Ping.', params: [], result: {} },
  },
});

function setup(permissions: string[], capabilities?: HostServices['capabilities']) {
  const audit = new AuditLog();
  const calls: unknown[][] = [];
  const services = {
    clock: { now: () => 7 },
    capabilities: capabilities ?? {
      kv: {
        put: (...args: readonly unknown[]) => calls.push(['put', ...args]),
        lookup: (...args: readonly unknown[]) => calls.push(['lookup', ...args]),
        ping: (...args: readonly unknown[]) => calls.push(['ping', ...args]),
      },
    },
  } as unknown as HostServices;
  const tools = createBrokerTools(
    {
      services,
      audit,
      redactor: new Redactor(),
      emit: () => Promise.resolve(),
      execute: () => Promise.resolve(undefined),
    },
    {
      plugin: 'p',
      closed: () => false,
      permissions,
      timeoutMs: 100,
      registerContribution() {},
      unregisterContribution() {},
      subscribe() {},
      unsubscribe() {},
    },
  );
  const allowed = () => audit.entries().map((r) => [r.method, r.target, r.allowed, r.permission]);
  return { call: serviceCall(tools, kv), calls, allowed };
}

describe('serviceCall, the broker handler derived from a descriptor', () => {
  it('checks the method permission, records it, and calls the service with the plugin first', () => {
    const { call, calls, allowed } = setup(['state', 'env:HOME']);
    call('put', ['k', 1]);
    call('lookup', ['HOME']);
    call('ping', []);
    expect(calls).toEqual([
      ['put', 'p', 'k', 1],
      ['lookup', 'p', 'HOME'],
      ['ping', 'p'],
    ]);
    expect(allowed()).toEqual([
      ['put', '', true, 'state'],
      ['lookup', 'HOME', true, 'env:HOME'],
      ['ping', '', true, undefined],
    ]);
  });

  it('denies what is not granted, before the service sees it', () => {
    const { call, calls, allowed } = setup(['env:HOME']);
    expect(() => call('put', ['k', 1])).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }),
    );
    expect(() => call('lookup', ['PATH'])).toThrow(
      expect.objectContaining({ code: 'PERMISSION_DENIED' }),
    );
    expect(calls).toEqual([]);
    expect(allowed()).toEqual([
      ['put', '', false, 'state'],
      ['lookup', 'PATH', false, 'env:PATH'],
    ]);
  });

  it('says so when the host has no service for the capability', () => {
    const { call } = setup(['state'], {});
    expect(() => call('put', ['k'])).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('this host provides no "kv" service that performs it'),
      }),
    );
  });
});
