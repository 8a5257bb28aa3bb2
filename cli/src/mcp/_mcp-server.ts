import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Host } from '@stack-plugin/host';
import { toErrorJson } from '@stack-plugin/pdk';
import { startFailure } from '../commands/_start-for-call.js';
import type { McpTool } from './_mcp-tools.js';

/** What {@link createMcpServer} serves and how it names itself. */
export interface McpServerOptions {
  readonly host: Host;
  readonly tools: readonly McpTool[];
  /** The server's version in the MCP handshake: the CLI's. */
  readonly version: string;
}

/**
 * An MCP server (the SDK's low-level `Server`: the tools' schemas are the manifests' JSON
 * Schemas, which its high-level `McpServer` would want as zod schemas) whose tools call the
 * host. One server serves one connection; over HTTP each session gets its own, all on the
 * same host.
 *
 * Protocol errors (an unknown tool name) are JSON-RPC errors; everything that goes wrong in a
 * call, input refused by the manifest schema included, is a tool result with `isError` whose
 * text is the kit's JSON error (`{ "error": { code, message, hint, plugin? } }`), so an agent
 * sees the code and the hint and can correct its call.
 */
export function createMcpServer({ host, tools, version }: McpServerOptions): Server {
  const server = new Server(
    { name: 'stack-plugin', version },
    { capabilities: { tools: { listChanged: false } } },
  );
  const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => tool.definition),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    const tool = byName.get(name);
    if (tool === undefined) {
      // A plain error with a JSON-RPC code: McpError would put its "MCP error" prefix in the
      // message, and the client's McpError adds another.
      throw Object.assign(new Error(`No tool "${name}": tools/list names them.`), {
        code: ErrorCode.InvalidParams,
      });
    }
    try {
      const failure = startFailure(host.plugin(tool.plugin));
      if (failure !== undefined) throw failure;
      const input = tool.wrapped ? args?.input : args;
      const options = { signal: extra.signal };
      const output =
        tool.kind === 'commands'
          ? await host.execute(tool.id, input, options)
          : await host.invoke(tool.kind, tool.id, input, options);
      return toolResult(tool, output);
    } catch (error) {
      return errorResult(error);
    }
  });
  return server;
}

/**
 * The result of a successful call: the output as text (a string as it is, anything else as
 * JSON), and as structured content when the tool declares an output schema, which MCP then
 * requires.
 */
function toolResult(tool: McpTool, output: unknown): CallToolResult {
  const text = typeof output === 'string' ? output : JSON.stringify(output ?? null, null, 2);
  return {
    content: [{ type: 'text', text }],
    ...(tool.definition.outputSchema === undefined
      ? {}
      : { structuredContent: output as Record<string, unknown> }),
  };
}

/**
 * A failed call as MCP wants it (a result with `isError`, not a protocol error). The error
 * travels only as text: structured content would be checked against the tool's output schema.
 */
function errorResult(error: unknown): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(toErrorJson(error), null, 2) }],
  };
}
