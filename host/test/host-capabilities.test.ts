import { defineCapability } from '@stack-plugin/pdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, defineHostCapability, type Host } from '../src/index.js';
import { fixture, NOW, testServices } from './_support.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

const tickets = defineCapability({
  name: 'acme.tickets',
  service: 'acme.tickets',
  ctx: 'host.acme.tickets',
  title: 'Acme tickets',
  summary: 'Open and read tickets in the Acme tracker.',
  risk: 'medium',
  crossesSandbox: true,
  docs: 'host-capabilities',
  permissions: [
    {
      kind: 'acme.tickets',
      grammar: 'acme.tickets',
      target: 'none',
      describe: () => ({ risk: 'medium', summary: 'Open and read tickets in the Acme tracker.' }),
    },
  ],
  methods: {
    create: {
      summary: 'Opens a ticket; resolves with its id.',
      permission: 'acme.tickets',
      params: [
        {
          type: 'object',
          properties: { title: { type: 'string', minLength: 1 } },
          required: ['title'],
          additionalProperties: false,
        },
      ],
      result: {
        type: 'object',
        properties: { id: { type: 'string' } },
        required: ['id'],
      },
    },
  },
});

function startHost(plugins: { path: string; isolation?: 'none' | 'limited' | 'strict' }[]) {
  const opened: { plugin: string; title: string }[] = [];
  const host = createHost({
    root: fixture('.'),
    config: { plugins },
    services: testServices(),
    env: {},
    capabilities: [
      defineHostCapability(tickets, {
        create: (plugin: string, input: { title: string }) => {
          opened.push({ plugin, title: input.title });
          // A broken implementation for one title, to show results are checked too.
          return input.title === 'broken' ? { id: 42 } : { id: `T-${opened.length}` };
        },
      }),
    ],
  });
  hosts.push(host);
  return { host, opened };
}

describe.each(['none', 'limited', 'strict'] as const)(
  'host-defined capabilities at %s',
  (isolation) => {
    it('a plugin with the permission calls it through ctx.host; inputs and results are validated', async () => {
      const { host, opened } = startHost([{ path: 'host-capability', isolation }]);
      await host.start();
      const call = (args: unknown[]) =>
        host.execute('call', { capability: 'acme.tickets', method: 'create', args });
      expect(await call([{ title: 'Printer on fire' }])).toEqual({
        ok: true,
        value: { id: 'T-1' },
      });
      expect(opened).toEqual([{ plugin: 'host-capability', title: 'Printer on fire' }]);
      expect(await call([{ title: '' }])).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('Argument 1 of acme.tickets.create'),
        },
      });
      expect(await call([{ title: 'broken' }])).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('The result of acme.tickets.create'),
        },
      });
      expect(await call([])).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(opened).toHaveLength(2);
      expect(host.audit().filter((r) => r.capability === 'acme.tickets')[0]).toEqual({
        plugin: 'host-capability',
        capability: 'acme.tickets',
        method: 'create',
        target: '',
        allowed: true,
        permission: 'acme.tickets',
        time: NOW,
      });
    });

    it('a plugin without the permission is denied, and so is one whose grant was revoked', async () => {
      const { host, opened } = startHost([
        { path: 'host-capability', isolation },
        { path: 'host-capability-ungranted', isolation },
      ]);
      await host.start();
      expect(
        await host.execute('call-ungranted', {
          capability: 'acme.tickets',
          method: 'create',
          args: [{ title: 'x' }],
        }),
      ).toEqual({
        ok: false,
        error: {
          code: 'PERMISSION_DENIED',
          message:
            '"host-capability-ungranted" may not use acme tickets: it has not been granted "acme.tickets".',
        },
      });
      host.revoke('host-capability', 'acme.tickets');
      expect(
        await host.execute('call', {
          capability: 'acme.tickets',
          method: 'create',
          args: [{ title: 'y' }],
        }),
      ).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(opened).toEqual([]);
      expect(
        host
          .audit()
          .filter((r) => r.capability === 'acme.tickets')
          .map((r) => [r.plugin, r.allowed]),
      ).toEqual([
        ['host-capability-ungranted', false],
        ['host-capability', false],
      ]);
    });
  },
);

describe('host capability checks', () => {
  it('refuses a plugin asking for a capability the host does not define, with a coded error', async () => {
    const { host } = startHost([{ path: 'host-capability-unknown' }]);
    await expect(host.start()).rejects.toMatchObject({
      errors: [
        {
          code: 'CAPABILITY_UNKNOWN',
          plugin: 'host-capability-unknown',
          message:
            '"host-capability-unknown" asks for "acme.billing", a permission of the host capability "acme.billing", which this host does not define (it defines "acme.tickets"), so it was not loaded.',
        },
      ],
    });
  });

  it('refuses an unsound descriptor or a missing method at createHost', () => {
    expect(() =>
      createHost({
        root: fixture('.'),
        capabilities: [
          defineHostCapability({ ...tickets, name: 'tickets' }, { create: () => ({}) }),
        ],
      }),
    ).toThrow(/must be lower-case words joined by dots/);
    expect(() =>
      createHost({
        root: fixture('.'),
        capabilities: [defineHostCapability(tickets, {} as never)],
      }),
    ).toThrow(/has no function "create"/);
  });
});
