import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Prompt } from './prompt.js';

/** Where the scaffolder runs; everything defaults to the current process. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: Readable & { isTTY?: boolean };
  readonly stdout?: Writable & { isTTY?: boolean };
  readonly stderr?: Writable;
  /** Replaces the terminal prompt (tests script the answers with it). */
  readonly prompt?: Prompt;
  /**
   * A template set other than the installed `@stack-plugin/templates` (the folder holding its
   * package.json): tests create projects from older template versions with it.
   */
  readonly templatesDir?: string;
}

/**
 * The streams and environment a run uses: the given ones, else the process's own. `stdin` and
 * `stderr` are read on first use: Node makes `process.stdin` and `process.stderr` when they are
 * first read (a stream each, milliseconds), and a run that asks nothing and fails nowhere needs
 * neither.
 */
export function resolveRunIo(options: RunOptions) {
  return {
    get stdin() {
      return options.stdin ?? process.stdin;
    },
    stdout: options.stdout ?? directStdout(),
    /** The stream itself, for what needs one (the terminal prompts). */
    get stdoutStream() {
      return options.stdout ?? process.stdout;
    },
    get stderr() {
      return options.stderr ?? process.stderr;
    },
    env: options.env ?? process.env,
  };
}

/** What a run writes its lines to. */
export type Output = Pick<Writable, 'write'> & { readonly isTTY?: boolean };

/**
 * The process's standard output without `process.stdout`: each chunk is one synchronous write
 * to file descriptor 1, which is what process.stdout does on Linux and macOS for files, pipes
 * and terminals alike, but making process.stdout costs about 5 ms when it is a pipe (Node builds
 * a socket for it, with the stream machinery) in a run that prints a dozen lines. `isTTY` asks
 * process.stdout, made then. After any error (a full non-blocking pipe, a closed reader) the
 * rest goes through process.stdout, as it always did. On Windows, where process.stdout does
 * more than write (consoles), it is process.stdout.
 */
export function directStdout(): Output {
  if (process.platform === 'win32') return process.stdout;
  const { writeSync } = process.getBuiltinModule('node:fs');
  let stream: NodeJS.WriteStream | undefined;
  return {
    get isTTY() {
      return process.stdout.isTTY;
    },
    write(chunk: string | Uint8Array): boolean {
      if (stream !== undefined) return stream.write(chunk);
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      try {
        while (bytes.byteLength > 0) bytes = bytes.subarray(writeSync(1, bytes));
        return true;
      } catch {
        stream = process.stdout;
        return stream.write(bytes);
      }
    },
  } as Output;
}

/** Root folder of the installed @stack-plugin/templates package. */
export function templatesRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('@stack-plugin/templates/package.json'));
}

/** Why questions cannot be asked here, or `undefined` when they can. */
export function noPromptReason(
  env: Readonly<Record<string, string | undefined>>,
  stdin: { isTTY?: boolean },
  stdout: { isTTY?: boolean },
): string | undefined {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false')
    return 'CI is set';
  if (stdin.isTTY !== true) return 'stdin is not a terminal';
  if (stdout.isTTY !== true) return 'stdout is not a terminal';
  return undefined;
}
