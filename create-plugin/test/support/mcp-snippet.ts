import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** A stdio server entry of an MCP client configuration, as the skill README shows it. */
interface ServerEntry {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * Starts the MCP server exactly as the README of a generated skill project tells an MCP client
 * to (its `mcpServers` JSON, with the placeholder path replaced by the project's), connects
 * the SDK's own client and returns what `tools/list` shows and what a first call answers.
 */
export async function serveFromReadme(
  projectDir: string,
  unscopedName: string,
  call: { name: string; arguments: Record<string, unknown> },
): Promise<{ tools: string[]; result: unknown }> {
  const readme = await readFile(join(projectDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Serve it to AI agents (MCP)'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (json === undefined) throw new Error('no JSON snippet in the MCP section of README.md');
  const config = JSON.parse(json.replaceAll(`/path/to/${unscopedName}`, projectDir)) as {
    mcpServers: Record<string, ServerEntry>;
  };
  const entry = config.mcpServers[unscopedName];
  if (entry === undefined) throw new Error(`no mcpServers entry "${unscopedName}"`);
  // Clients start servers in a folder of their own: not the project.
  const transport = new StdioClientTransport({
    command: entry.command,
    args: [...entry.args],
    cwd: '/',
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'readme-check', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    return { tools: tools.map((t) => t.name), result: await client.callTool(call) };
  } finally {
    await client.close();
  }
}
