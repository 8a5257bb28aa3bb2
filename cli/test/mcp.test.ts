import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHost } from '@stack-plugin/host';
import { type IsolationLevel, toErrorJson } from '@stack-plugin/pdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/index.js';

// The server is the real bin over real stdio and HTTP, driven by the SDK's own client; the bin
// runs cli/dist, so build it first (incremental, cheap when `npm run build` already ran).
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'cli', 'bin', 'stack-plugin.js');
const project = join(repo, 'cli', 'test', 'fixtures', 'mcp-project');
const manifest = JSON.parse(
  readFileSync(join(project, 'word-tools', 'stack-plugin.json'), 'utf8'),
) as { contributes: { skills: Array<Record<string, unknown>> } };
const skill = (id: string) => manifest.contributes.skills.find((s) => s.id === id) ?? {};
const env = { PATH: process.env.PATH ?? '' };

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'cli/tsconfig.build.json'],
    { cwd: repo, stdio: 'pipe' },
  );
}, 120_000);

interface ToolText {
  content: Array<{ type: string; text?: string }>;
  isError?: boolean;
  structuredContent?: unknown;
}

/** The kit's JSON error a failed call carries as its text. */
function errorOf(result: unknown): {
  code: string;
  message: string;
  hint: string;
  plugin?: string;
} {
  const { content, isError } = result as ToolText;
  expect(isError).toBe(true);
  return (JSON.parse(content[0]?.text ?? '') as { error: never }).error;
}

/** The JSON error of one call through the host API `stack-plugin run` uses, in this process. */
async function hostError(isolation: string, skillId: string, input: unknown) {
  const host = createHost({
    root: project,
    env,
    policy: { minIsolation: isolation as IsolationLevel },
    services: { logger: { write() {} } },
  });
  await host.start();
  try {
    await host.invoke('skills', skillId, input);
    throw new Error(`${skillId} did not fail`);
  } catch (error) {
    return toErrorJson(error).error;
  } finally {
    await host.stop();
  }
}

async function connectStdio(args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', ...args],
    cwd: project,
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'stack-plugin-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Starts the bin and resolves once it has printed its "serving" line. */
async function startBin(args: string[]): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'mcp', ...args], { cwd: project, env });
  let stderr = '';
  child.stdout.resume();
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('stack-plugin mcp: serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before serving: ${stderr}`)));
  });
  return { child, stderr: () => stderr };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe.each(['none', 'strict'])('stack-plugin mcp over stdio, isolation %s', (isolation) => {
  let session: Awaited<ReturnType<typeof connectStdio>>;
  beforeAll(async () => {
    session = await connectStdio(['--isolation', isolation]);
  }, 60_000);
  afterAll(() => session.client.close());

  it('lists every skill with the name, title, description and schemas of its manifest entry', async () => {
    const { tools } = await session.client.listTools();
    const count = skill('words.count');
    expect(tools).toEqual([
      {
        name: 'words.count',
        title: count.title,
        description: count.description,
        inputSchema: count.input,
        outputSchema: count.output,
      },
      {
        name: 'words.upper',
        description: skill('words.upper').description,
        // Tool arguments are an object: a string input is the argument "input".
        inputSchema: {
          type: 'object',
          properties: { input: skill('words.upper').input },
          required: ['input'],
          additionalProperties: false,
        },
      },
      {
        name: 'words.read',
        title: skill('words.read').title,
        description: skill('words.read').description,
        inputSchema: skill('words.read').input,
      },
      { name: 'slow.wait', description: 'Never answers.', inputSchema: { type: 'object' } },
    ]);
  });

  it('calls a skill: structured content under an output schema, text otherwise', async () => {
    expect(
      await session.client.callTool({ name: 'words.count', arguments: { text: 'one two, three' } }),
    ).toEqual({
      content: [{ type: 'text', text: JSON.stringify({ words: 3 }, null, 2) }],
      structuredContent: { words: 3 },
    });
    expect(
      await session.client.callTool({ name: 'words.upper', arguments: { input: 'mcp' } }),
    ).toEqual({ content: [{ type: 'text', text: 'MCP' }] });
    expect(
      await session.client.callTool({
        name: 'words.read',
        arguments: { path: 'public/hello.txt' },
      }),
    ).toEqual({
      content: [{ type: 'text', text: readFileSync(join(project, 'public/hello.txt'), 'utf8') }],
    });
  });

  it('answers a denied permission, a timeout and schema-invalid input with coded errors', async () => {
    const denied = await session.client.callTool({
      name: 'words.read',
      arguments: { path: 'private/secret.txt' },
    });
    // Exactly what the host `stack-plugin run` builds reports for the same call.
    expect(errorOf(denied)).toEqual(
      await hostError(isolation, 'words.read', { path: 'private/secret.txt' }),
    );
    if (isolation === 'none') expect(errorOf(denied).code).toBe('PERMISSION_DENIED');
    expect(errorOf(denied).message).toContain(
      '"word-tools" may not read "private/secret.txt": it has not been granted "fs:read:private/secret.txt".',
    );
    const late = await session.client.callTool({ name: 'slow.wait', arguments: {} });
    expect(errorOf(late)).toMatchObject({ code: 'PLUGIN_TIMEOUT', plugin: 'slow-skill' });
    const bad = await session.client.callTool({ name: 'words.count', arguments: { text: 5 } });
    expect(errorOf(bad)).toEqual({
      code: 'VALIDATION_FAILED',
      message:
        'The input of skill "words.count" of "word-tools" does not match its schema: /text must be string.',
      hint: 'Send data that matches the schema declared in the plugin manifest.',
      plugin: 'word-tools',
    });
    await expect(session.client.callTool({ name: 'words.nope', arguments: {} })).rejects.toThrow(
      'MCP error -32602: No tool "words.nope": tools/list names them.',
    );
  });

  it('keeps stdout for the protocol: logs and stray output go to stderr', async () => {
    await session.client.callTool({ name: 'words.count', arguments: { text: 'a b' } });
    // A sandbox's log records travel beside the result, so they may arrive just after it.
    await vi.waitFor(() => {
      expect(session.stderr()).toContain('[info] word-tools: counting 3 characters\n');
      expect(session.stderr()).toContain('stray console output');
    });
    // Commands are served only with --commands.
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('words.reverse');
  });
});

describe('stack-plugin mcp shutting down', () => {
  it('stops the host and exits 0 when the client closes stdin', async () => {
    const { child, stderr } = await startBin([]);
    child.stdin?.end();
    expect(await exitCode(child)).toBe(0);
    expect(stderr()).toContain('[info] word-tools: word-tools deactivated\n');
  });

  it('stops the host and exits 0 on Ctrl-C (SIGINT)', async () => {
    const { child, stderr } = await startBin([]);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(stderr()).toContain('[info] word-tools: word-tools deactivated\n');
  });
});

describe('stack-plugin mcp --http', () => {
  let server: Awaited<ReturnType<typeof startBin>>;
  let url: URL;
  beforeAll(async () => {
    server = await startBin(['--http', '--commands']);
    const match = /serving 5 tools at (http:\/\/127\.0\.0\.1:\d+\/mcp)\n/.exec(server.stderr());
    url = new URL(match?.[1] ?? 'http://missing');
  }, 60_000);
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('serves skills and, with --commands, commands to the SDK client', async () => {
    const client = new Client({ name: 'stack-plugin-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'words.count',
      'words.upper',
      'words.read',
      'slow.wait',
      'words.reverse',
    ]);
    expect(await client.callTool({ name: 'words.reverse', arguments: { text: 'abc' } })).toEqual({
      content: [{ type: 'text', text: JSON.stringify({ text: 'cba' }, null, 2) }],
    });
    expect(
      (await client.callTool({ name: 'words.count', arguments: { text: 'x y' } }))
        .structuredContent,
    ).toEqual({ words: 2 });
    expect(errorOf(await client.callTool({ name: 'words.upper', arguments: {} }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: 'word-tools',
    });
    expect(
      errorOf(await client.callTool({ name: 'words.read', arguments: { path: 'private/x' } })),
    ).toMatchObject({ code: 'PERMISSION_DENIED', plugin: 'word-tools' });
    await client.close();
  });

  it('refuses a request whose Host header is not a loopback name (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { host: `attacker.example:${url.port}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('stops the host and exits 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await exitCode(server.child)).toBe(0);
    expect(server.stderr()).toContain('[info] word-tools: word-tools deactivated\n');
  });
});

describe('stack-plugin mcp refusals', () => {
  it('refuses to listen on a non-loopback address, before starting any plugin', async () => {
    const result = await runCli(['mcp', '--http', '--address', '0.0.0.0', '--json'], {
      cwd: project,
    });
    expect({ code: result.code, stdout: result.stdout, error: JSON.parse(result.stderr) }).toEqual({
      code: 1,
      stdout: '',
      error: {
        error: {
          code: 'MCP_ADDRESS_NOT_LOOPBACK',
          message:
            "`stack-plugin mcp --http` was asked to listen on 0.0.0.0, which is not a loopback address: the server has no authentication, so anyone who can reach that address could call every served tool with the host's grants.",
          hint: 'Listen on 127.0.0.1, ::1 or localhost (the default is 127.0.0.1); to reach the server from elsewhere, put an authenticating proxy or an SSH tunnel in front of it.',
        },
      },
    });
    const named = await runCli(['mcp', '--http', '--address', 'example.com', '--json'], {
      cwd: project,
    });
    expect(JSON.parse(named.stderr).error.code).toBe('MCP_ADDRESS_NOT_LOOPBACK');
  });

  it('refuses --port without --http, and ports that are not ports, as bad usage', async () => {
    for (const args of [
      ['--port', '80'],
      ['--http', '--port', '70000'],
    ]) {
      const result = await runCli(['mcp', ...args, '--json'], { cwd: project });
      expect({ code: result.code, error: JSON.parse(result.stderr).error.code }).toEqual({
        code: 2,
        error: 'BAD_USAGE',
      });
    }
  });

  it('serves the skills of a plugin folder without stack.config.json, as run runs them', async () => {
    const session = await connectStdio(['--root', join(project, 'word-tools')]);
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        manifest.contributes.skills.map((entry) => entry.id),
      );
      expect(session.stderr()).toContain("running this folder's plugin on its own");
    } finally {
      await session.client.close();
    }
  });

  it('refuses two served contributions with one tool name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stack-cli-mcp-'));
    try {
      const dir = join(root, 'twice');
      await mkdir(dir);
      await writeFile(
        join(dir, 'package.json'),
        JSON.stringify({
          name: 'twice',
          version: '1.0.0',
          description: 'a skill and a command with one id',
          type: 'module',
          main: 'index.js',
          keywords: ['stack-plugin'],
          engines: { node: '>=22.12' },
        }),
      );
      await writeFile(
        join(dir, 'stack-plugin.json'),
        JSON.stringify({
          host: '^1.0.0',
          category: 'skill',
          contributes: { skills: [{ id: 'same' }], commands: [{ id: 'same' }] },
        }),
      );
      await writeFile(
        join(dir, 'index.js'),
        "export default { async activate(ctx) { await ctx.skills.register('same', () => 1); await ctx.commands.register('same', () => 2); } };\n",
      );
      await writeFile(
        join(root, 'stack.config.json'),
        JSON.stringify({ plugins: [{ path: 'twice' }] }),
      );
      const result = await runCli(['mcp', '--commands', '--json'], { cwd: root });
      expect({ code: result.code, error: JSON.parse(result.stderr).error }).toEqual({
        code: 1,
        error: {
          code: 'MCP_TOOL_NAME_CONFLICT',
          message:
            'The MCP tool name "same" belongs to the skill of "twice" and to the command of "twice"; a tool name must be unique, so the server cannot tell which to call.',
          hint: 'Serve without --commands when a command shares its id with a skill, or leave one of the plugins out of stack.config.json (or rename the contribution in its manifest).',
        },
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
