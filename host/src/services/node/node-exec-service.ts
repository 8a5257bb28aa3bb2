import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExecResult } from '@stack-plugin/pdk';
import { createError, pdkErrors } from '@stack-plugin/pdk';
import type { ExecService } from '../host-services.js';
import { confineProgram, findOnPath, type HiddenPaths } from './_confine-program.js';
import { isInside, normalizeRelative } from './_fs-paths.js';

/** Variables a program gets by default: enough to find programs and format text, no secrets. */
export const DEFAULT_PASS_ENV: readonly string[] = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'TERM',
  'SystemRoot',
];

/** Options of {@link createNodeExecService}. */
export interface NodeExecServiceOptions {
  /** Workspace root; `cwd` is relative to it and may not leave it. */
  readonly root: string;
  /** Where passed variables come from (default `process.env`). */
  readonly env?: Record<string, string | undefined>;
  /** Names of the variables passed to programs (default {@link DEFAULT_PASS_ENV}). */
  readonly passEnv?: readonly string[];
  /** Cap per output stream in bytes (default 10 MiB); a program over it is killed. */
  readonly maxOutputBytes?: number;
  /**
   * Run programs inside bubblewrap (default true): workspace writable, the rest of the disk
   * read-only, {@link NodeExecServiceOptions.hidden} out of reach. When bubblewrap is
   * missing, calls fail with `EXEC_UNCONFINED`. `false` runs programs unconfined, for
   * systems without bubblewrap whose host accepts that.
   */
  readonly confine?: boolean;
  /** What confined programs can never reach (the state folder, the secrets file). */
  readonly hidden?: HiddenPaths;
}

/**
 * Runs programs with `spawn` and `shell: false`, so arguments are never parsed by a shell.
 * The working folder is resolved inside the workspace root; the environment holds only the
 * `passEnv` variables, never the host's full environment; `input` goes to stdin. Programs
 * run confined (see {@link NodeExecServiceOptions.confine}). On timeout,
 * abort or an output stream over its cap, the program's whole process group is SIGKILLed
 * (children it started too) and the call rejects with `EXEC_TIMEOUT`, the signal's reason or
 * `EXEC_OUTPUT_LIMIT`. A non-zero exit is a result, not an error; a program killed by a
 * signal gets exit code 128 + the signal number, as shells report it.
 */
export function createNodeExecService(options: NodeExecServiceOptions): ExecService {
  const source = options.env ?? process.env;
  const env: Record<string, string> = {};
  for (const name of options.passEnv ?? DEFAULT_PASS_ENV) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  const maxBytes = options.maxOutputBytes ?? 10 * 1024 * 1024;

  return {
    async run(command, args, { cwd, input, timeoutMs, signal }) {
      signal?.throwIfAborted();
      const { dir, realRoot } = await resolveCwd(options.root, cwd);
      const searchPath = env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
      const program = await findOnPath(command, searchPath);
      if (program === undefined)
        throw createError(pdkErrors.EXEC_FAILED, { command, detail: 'no such program' });
      const spawned =
        options.confine === false
          ? { file: program, args }
          : await confineProgram({
              command,
              program,
              args,
              root: resolve(options.root),
              realRoot,
              cwd: dir,
              hidden: options.hidden ?? { folders: [], files: [] },
              path: searchPath,
            });
      signal?.throwIfAborted();
      return new Promise<ExecResult>((done, fail) => {
        const child = spawn(spawned.file, [...spawned.args], {
          cwd: dir,
          env,
          shell: false,
          // Own process group, so a kill reaches everything the program started.
          detached: process.platform !== 'win32',
          stdio: ['pipe', 'pipe', 'pipe'],
          windowsHide: true,
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const sizes = { stdout: 0, stderr: 0 };
        let failure: unknown;
        const stop = (reason: unknown) => {
          if (failure !== undefined) return;
          failure = reason;
          kill(child.pid);
        };
        const timer = setTimeout(
          () => stop(createError(pdkErrors.EXEC_TIMEOUT, { command, timeoutMs })),
          timeoutMs,
        );
        const onAbort = () => stop(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        const collect = (stream: 'stdout' | 'stderr', into: Buffer[]) => (chunk: Buffer) => {
          sizes[stream] += chunk.byteLength;
          if (sizes[stream] > maxBytes)
            stop(createError(pdkErrors.EXEC_OUTPUT_LIMIT, { command, limit: maxBytes, stream }));
          else into.push(chunk);
        };
        child.stdout.on('data', collect('stdout', out));
        child.stderr.on('data', collect('stderr', err));
        // A program that exits without reading its input must not crash the host with EPIPE.
        child.stdin.on('error', () => {});
        child.stdin.end(input ?? '');
        child.once('error', (error: NodeJS.ErrnoException) => {
          stop(
            createError(
              pdkErrors.EXEC_FAILED,
              {
                command,
                detail: error.code === 'ENOENT' ? 'no such program' : (error.code ?? error.message),
              },
              { cause: error },
            ),
          );
        });
        child.once('close', (code, killedBy) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (failure !== undefined) return fail(failure);
          done({
            exitCode: code ?? 128 + signalNumber(killedBy),
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
          });
        });
      });
    },
  };
}

async function resolveCwd(root: string, cwd: string): Promise<{ dir: string; realRoot: string }> {
  const realRoot = await realpath(resolve(root));
  const rel = normalizeRelative(cwd === '.' ? '' : cwd);
  let dir: string;
  try {
    dir = await realpath(join(realRoot, rel));
  } catch (error) {
    throw createError(
      pdkErrors.FS_NOT_FOUND,
      { path: cwd, operation: 'exec cwd' },
      { cause: error },
    );
  }
  if (!isInside(realRoot, dir)) {
    throw createError(pdkErrors.FS_PATH_OUTSIDE_ROOT, {
      path: cwd,
      detail: 'a symbolic link leads out of it',
    });
  }
  return { dir, realRoot };
}

function kill(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (SIGNALS[signal] ?? 0);
}
