import type { RunOptions } from './main.js';

/** The streams and environment a run uses: the given ones, else the process's own. */
export function resolveRunIo(options: RunOptions) {
  return {
    stdin: options.stdin ?? process.stdin,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env: options.env ?? process.env,
  };
}
