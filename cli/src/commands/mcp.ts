import { CALL_HOST_OPTIONS } from '../_call-host-options.js';
import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/**
 * `stack-plugin mcp`: the skills (and with `--commands` the commands) of the configured
 * plugins as MCP tools, for AI agents, over stdio or streamable HTTP on loopback.
 */
export default defineCommand({
  name: 'mcp',
  summary: 'Serve the skills of the configured plugins to AI agents as MCP tools',
  usage:
    'stack-plugin mcp [--config FILE] [--root DIR] [--isolation none|limited|strict] [--commands] [--http [--address ADDR] [--port N]]',
  description: [
    'Starts a host as `stack-plugin run` does (same config, permissions, isolation and',
    'deadlines) and serves every skill its plugins contribute as a Model Context Protocol tool,',
    'over stdin/stdout (the default: an MCP client starts this command) or, with --http, over',
    'the streamable HTTP transport at http://ADDR:PORT/mcp. Tool names, titles, descriptions',
    'and input schemas come from each contribution in the manifest (an input schema that is',
    'not an object is passed as the argument "input"); an object output schema is the tool\'s',
    'output schema. A failed call is a tool result with isError whose text is the JSON error',
    '{ "error": { code, message, hint, plugin? } }, input refused by the schema included.',
    '',
    'stdout carries only the protocol: host and plugin logs go to stderr, and so does anything',
    'an in-process plugin prints. The server stops when the client closes stdin (stdio), or on',
    'Ctrl-C / SIGTERM, deactivating the plugins first.',
    '',
    '--http listens on loopback only (127.0.0.1 by default, ::1 or localhost): the server has',
    'no authentication, so another address is refused (MCP_ADDRESS_NOT_LOOPBACK). --port 0',
    '(the default) picks a free port; the URL is printed on stderr.',
  ].join('\n'),
  examples: [
    'stack-plugin mcp',
    'stack-plugin mcp --config examples/stack.config.json --isolation strict',
    'stack-plugin mcp --root /path/to/project --commands',
    'stack-plugin mcp --http --port 8808',
  ],
  options: {
    ...CALL_HOST_OPTIONS,
    root: {
      type: 'string',
      valueName: 'DIR',
      description: 'Workspace root (default: the current folder), for clients that set no cwd',
    },
    commands: {
      type: 'boolean',
      description: 'Serve every contributed command as a tool too',
    },
    http: {
      type: 'boolean',
      description: 'Serve over streamable HTTP instead of stdio',
    },
    address: {
      type: 'string',
      valueName: 'ADDR',
      description: 'Loopback address to listen on with --http (default 127.0.0.1)',
    },
    port: {
      type: 'string',
      valueName: 'N',
      description: 'TCP port with --http (default 0: any free port)',
    },
  },
  async run({ values, io }) {
    const { createError } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const badUsage = (detail: string) =>
      createError(cliErrors.BAD_USAGE, { detail, command: 'mcp' });
    if (!values.http && (values.address !== undefined || values.port !== undefined)) {
      throw badUsage('--address and --port need --http');
    }
    const address = values.address ?? '127.0.0.1';
    const { portOption } = await import('./_port-option.js');
    const port = await portOption(values.port, 'mcp');
    if (values.http) {
      const { classifyAddress } = await import('@stack-plugin/host/internal');
      // Names other than localhost are refused rather than resolved: a name can point anywhere.
      if (address !== 'localhost' && classifyAddress(address) !== 'loopback') {
        throw createError(cliErrors.MCP_ADDRESS_NOT_LOOPBACK, { address });
      }
    }
    // The SDK is an optional peer dependency: say so before any plugin starts.
    const { assertToolInstalled } = await import('../_load-tool.js');
    assertToolInstalled('@modelcontextprotocol/sdk', 'mcp');
    const { resolve } = await import('node:path');
    const { watchShutdown } = await import('../mcp/_shutdown.js');
    const { createCallHost } = await import('./_call-host.js');
    const host = await createCallHost(io, {
      command: 'mcp',
      ...(values.root === undefined ? {} : { root: resolve(io.cwd, values.root) }),
      config: values.config,
      isolation: values.isolation,
      // With --json, stderr carries JSON only: an error, or the start warnings.
      logs: !io.json,
    });
    // Watched from before the host starts, so that Ctrl-C always ends with the plugins stopped.
    const shutdown = watchShutdown();
    try {
      const { startForCall } = await import('./_start-for-call.js');
      // No plugin is the call's: each that fails to start is a warning, and its tools answer
      // every call with its failure.
      const { warnings } = await startForCall(host, () => false);
      if (io.json && warnings.length > 0) io.stderr(`${JSON.stringify({ warnings }, null, 2)}\n`);
      else if (!io.json) {
        for (const w of warnings)
          io.stderr(`[warn] ${printable(w.plugin ?? 'host')}: ${printable(w.message)}\n`);
      }
      const { mcpTools } = await import('../mcp/_mcp-tools.js');
      const tools = mcpTools(host.plugins(), values.commands ? ['skills', 'commands'] : ['skills']);
      const { createMcpServer } = await import('../mcp/_mcp-server.js');
      const { cliVersion } = await import('../version.js');
      const createServer = () => createMcpServer({ host, tools, version: cliVersion() });
      const served = `${tools.length} tool${tools.length === 1 ? '' : 's'}`;
      if (shutdown.isRequested) return 0;
      if (values.http) {
        const { serveHttp } = await import('../mcp/_serve-http.js');
        await serveHttp(
          createServer,
          {
            address,
            port,
            // Printed even with --json: with --port 0 it is the only way to learn the URL.
            onListening: (url) => io.stderr(`stack-plugin mcp: serving ${served} at ${url}\n`),
          },
          shutdown,
        );
      } else {
        const { serveStdio } = await import('../mcp/_serve-stdio.js');
        await serveStdio(createServer(), shutdown, () =>
          io.stderr(`stack-plugin mcp: serving ${served} over stdio\n`),
        );
      }
      return 0;
    } finally {
      shutdown.dispose();
      await host.stop();
    }
  },
});
