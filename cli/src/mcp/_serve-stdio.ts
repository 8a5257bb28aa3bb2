import { Writable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Shutdown } from './_shutdown.js';

/**
 * Serves one MCP connection over the process's stdin and stdout until the client closes stdin
 * (how MCP clients end a stdio server), the transport closes, or `shutdown` is requested.
 *
 * stdout is the protocol, so while serving, everything else the process writes to stdout
 * (`console.log` of a plugin at isolation `none`, a library's output) goes to stderr: only the
 * transport keeps the real stdout. Sandboxed plugins' output already reaches the host log,
 * which the command prints on stderr.
 */
export async function serveStdio(
  server: Server,
  shutdown: Shutdown,
  onServing: () => void,
): Promise<void> {
  const stdout = process.stdout;
  const write = stdout.write;
  const protocol = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write.call(stdout, chunk, undefined, (error) => callback(error ?? null));
    },
  });
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  try {
    const transport = new StdioServerTransport(process.stdin, protocol);
    const stop = () => shutdown.request();
    server.onclose = stop;
    process.stdin.once('end', stop);
    process.stdin.once('close', stop);
    try {
      await server.connect(transport);
      onServing();
      await shutdown.requested;
      await server.close();
    } finally {
      process.stdin.off('end', stop);
      process.stdin.off('close', stop);
    }
  } finally {
    stdout.write = write;
  }
}
