/**
 * `acme.tickets`: a capability the Acme host offers its plugins, described the way the kit
 * describes its own (permission grammar, methods with schemas, risk), and performed by the
 * host: tickets live in the host's `tickets.json`, which no plugin can reach otherwise.
 *
 * The descriptor is exported on its own (`@stack-plugin/example-host-app/capabilities`) so
 * plugin authors can list it in package.json (`"stackPlugin": { "hostCapabilities": [...] }`)
 * and get `ctx.host['acme.tickets']` typed by `stack-plugin typegen`.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineHostCapability, type HostCapability } from '@stack-plugin/host';
import { defineCapability } from '@stack-plugin/pdk';

const ticket = {
  type: 'object',
  properties: {
    id: { type: 'integer', minimum: 1 },
    title: { type: 'string' },
    openedBy: { type: 'string' },
  },
  required: ['id', 'title', 'openedBy'],
  additionalProperties: false,
} as const;

/** The descriptor of `acme.tickets`, as a host publishes it for plugin authors. */
export const ticketsCapability = defineCapability({
  name: 'acme.tickets',
  service: 'acme.tickets',
  ctx: 'host.acme.tickets',
  title: 'Acme tickets',
  summary: "Open and list tickets in the Acme host's tracker.",
  risk: 'medium',
  crossesSandbox: true,
  docs: 'tickets',
  permissions: [
    {
      kind: 'acme.tickets',
      grammar: 'acme.tickets',
      target: 'none',
      describe: () => ({
        risk: 'medium',
        summary: "Open and list tickets in the Acme host's tracker.",
      }),
    },
  ],
  methods: {
    open: {
      summary: 'Opens a ticket in the name of the calling plugin; resolves with it.',
      permission: 'acme.tickets',
      params: [
        {
          type: 'object',
          properties: { title: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['title'],
          additionalProperties: false,
        },
      ],
      result: ticket,
    },
    list: {
      summary: 'Every ticket, oldest first.',
      permission: 'acme.tickets',
      params: [],
      result: { type: 'array', items: ticket },
    },
  },
});

interface Ticket {
  id: number;
  title: string;
  openedBy: string;
}

/**
 * The host's implementation over `<root>/tickets.json`. Writes go one at a time and replace the
 * file by rename, so a crash leaves the old list or the new one, never half of one.
 */
export function ticketsImplementation(root: string): HostCapability<typeof ticketsCapability> {
  const file = join(root, 'tickets.json');
  const read = async (): Promise<Ticket[]> =>
    JSON.parse(await readFile(file, 'utf8').catch(() => '[]')) as Ticket[];
  let queue: Promise<unknown> = Promise.resolve();
  const open = (plugin: string, input: { title: string }): Promise<Ticket> => {
    const next = queue.then(async () => {
      const tickets = await read();
      const created = { id: tickets.length + 1, title: input.title, openedBy: plugin };
      await writeFile(`${file}.tmp`, `${JSON.stringify([...tickets, created], null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      return created;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return defineHostCapability(ticketsCapability, {
    open: open as (plugin: string, ...args: never[]) => Promise<Ticket>,
    list: () => read(),
  });
}
