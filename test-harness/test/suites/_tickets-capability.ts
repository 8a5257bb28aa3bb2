import { defineHostCapability } from '@stack-plugin/host';
import { defineCapability } from '@stack-plugin/pdk';

/**
 * The host capability the `tickets` fixture is written for (`ctx.host['acme.tickets']`), with
 * a second permission kind (`acme.tickets:admin`) the fixture does not declare; every call that
 * reaches the host's code is recorded in `reached`.
 */
export function ticketsCapabilities(reached: string[]) {
  const params = [{ type: 'object', properties: { title: { type: 'string' } } }];
  const tickets = defineCapability({
    name: 'acme.tickets',
    service: 'acme.tickets',
    ctx: 'host.acme.tickets',
    title: 'Acme tickets',
    summary: 'Open tickets, and purge them.',
    risk: 'high',
    crossesSandbox: true,
    docs: 'tickets',
    permissions: [
      {
        kind: 'acme.tickets',
        grammar: 'acme.tickets',
        target: 'none',
        describe: () => ({ risk: 'medium', summary: 'Open tickets.' }),
      },
      {
        kind: 'acme.tickets:admin',
        grammar: 'acme.tickets:admin',
        target: 'none',
        describe: () => ({ risk: 'high', summary: 'Purge every ticket.' }),
      },
    ],
    methods: {
      open: { summary: 'Opens one.', permission: 'acme.tickets', params, result: {} },
      purge: { summary: 'Purges all.', permission: 'acme.tickets:admin', params, result: {} },
    },
  });
  return [
    defineHostCapability(tickets, {
      open: (plugin: string) => {
        reached.push(`open by ${plugin}`);
        return { id: `T-${reached.length}` };
      },
      purge: (plugin: string) => {
        reached.push(`purge by ${plugin}`);
        return {};
      },
    }),
  ];
}
