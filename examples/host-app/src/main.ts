/**
 * `acme-host`: the command line of the Acme host.
 *
 *   node src/main.ts [--root DIR] list [--kind KIND]
 *   node src/main.ts [--root DIR] call REF [--input JSON]
 *   node src/main.ts [--root DIR] chain REF REF... [--input JSON]
 *   node src/main.ts [--root DIR] serve [--port N] [--events FILE]
 *
 * `serve` keeps the host running behind a loopback HTTP endpoint, reloads plugins when their
 * files change, and stops cleanly on SIGINT or SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { ContributionQuery } from '@stack-plugin/host';
import { type AcmeHost, openAcmeHost } from './acme-host.ts';

/** HTTP status for the host's error codes a caller can act on; anything else is the host's fault. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  CHAIN_INVALID: 400,
  PERMISSION_DENIED: 403,
  CONTRIBUTION_NOT_FOUND: 404,
  UNKNOWN_COMMAND: 404,
  PLUGIN_NOT_ACTIVE: 503,
  // A call to a plugin that failed to start or was quarantined carries that plugin's failure.
  PLUGIN_ACTIVATION_FAILED: 503,
  PLUGIN_QUARANTINED: 503,
  PLUGIN_TIMEOUT: 504,
};

const USAGE = `usage: acme-host [--root DIR] <command>
  list [--kind KIND]               contributions and their state
  call REF [--input JSON]          run one contribution (<kind>:<id>, or a command id)
  chain REF REF... [--input JSON]  run contributions in sequence
  serve [--port N] [--events FILE] serve calls and metrics on 127.0.0.1, reload on change`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string', default: '.' },
      kind: { type: 'string' },
      input: { type: 'string' },
      port: { type: 'string', default: '0' },
      events: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...refs] = positionals;
  if (values.help === true || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const input = values.input === undefined ? {} : (JSON.parse(values.input) as unknown);
  const serving = command === 'serve';
  const acme = await openAcmeHost({
    root: values.root,
    watch: serving,
    ...(values.events === undefined ? {} : { eventsFile: values.events }),
  });
  try {
    switch (command) {
      case 'list':
        for (const c of acme.list(values.kind as ContributionQuery['kind'])) {
          const why = c.error === undefined ? '' : ` (${c.error.code})`;
          process.stdout.write(
            `${c.ref ?? c.id}\t${c.plugin}\t${c.state}${why}\t${c.title ?? ''}\n`,
          );
        }
        return 0;
      case 'call':
        if (refs.length !== 1) throw usage('call takes one REF');
        print(await acme.call(refs[0] as string, input));
        return 0;
      case 'chain':
        if (refs.length === 0) throw usage('chain takes at least one REF');
        print(await acme.chain(refs, input));
        return 0;
      case 'serve':
        await serve(acme, Number(values.port));
        return 0;
      default:
        throw usage(`unknown command "${command}"`);
    }
  } finally {
    await acme.close();
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function usage(problem: string): Error {
  return Object.assign(new Error(`${problem}\n${USAGE}`), { code: 'USAGE' });
}

/** Serve until SIGINT or SIGTERM; resolves once the server is closed. */
async function serve(acme: AcmeHost, port: number): Promise<void> {
  const server = createServer((request, response) => {
    route(acme, request, response).catch((error: unknown) => reply(response, 500, describe(error)));
  });
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
  const { port: bound } = server.address() as AddressInfo;
  process.stdout.write(`acme-host: serving http://127.0.0.1:${bound}\n`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  server.closeAllConnections();
  await new Promise<void>((closed) => server.close(() => closed()));
}

async function route(acme: AcmeHost, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/metrics') {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(await acme.metrics());
    return;
  }
  if (request.method === 'GET' && url.pathname === '/contributions') {
    const kind = url.searchParams.get('kind') ?? undefined;
    reply(response, 200, acme.list(kind as ContributionQuery['kind']));
    return;
  }
  if (request.method === 'GET' && url.pathname === '/plugins') {
    const plugins = acme.host.plugins().map((p) => ({
      name: p.name,
      version: p.version,
      state: p.state,
      isolation: p.isolation,
      ...(p.error === undefined ? {} : { error: p.error.code }),
    }));
    reply(response, 200, plugins);
    return;
  }
  if (request.method === 'POST' && url.pathname.startsWith('/call/')) {
    const ref = decodeURIComponent(url.pathname.slice('/call/'.length));
    let input: unknown;
    try {
      input = JSON.parse((await readBody(request)) || '{}');
    } catch {
      reply(response, 400, { error: { code: 'BAD_JSON', message: 'the body is not JSON' } });
      return;
    }
    try {
      reply(response, 200, { result: await acme.call(ref, input) });
    } catch (error) {
      const body = describe(error);
      reply(response, STATUS_BY_CODE[body.error.code] ?? 500, body);
    }
    return;
  }
  reply(response, 404, {
    error: { code: 'NOT_FOUND', message: `${request.method} ${url.pathname}` },
  });
}

function describe(error: unknown): { error: { code: string; message: string } } {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    error: {
      code: typeof code === 'string' ? code : 'INTERNAL',
      message: typeof message === 'string' ? message : String(error),
    },
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  const { error: e } = describe(error);
  process.stderr.write(`acme-host: ${e.code}: ${e.message}\n`);
  return e.code === 'USAGE' ? 2 : 1;
});
