import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// CREATE_STACK_PLUGIN_TEST_BIN=1 runs the spawned tests through the real bin instead (after
// `npm run build`, and `npm run bundle` to test the bundle it prefers).
const entry = fileURLToPath(
  new URL(
    process.env.CREATE_STACK_PLUGIN_TEST_BIN === '1'
      ? '../../bin/create-stack-plugin.js'
      : './run-from-source.mjs',
    import.meta.url,
  ),
);

/** A child process running the scaffolder, with stdin a pipe (never a TTY). */
export interface SpawnedScaffolder {
  readonly child: ChildProcess;
  /** Resolves when the process exits; `signal` is set if it had to be killed. */
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
}

/**
 * Spawn the scaffolder (under `umask`, when given). A safety timer kills it after `killAfterMs`: a test then sees
 * `signal: 'SIGKILL'` and fails, rather than vitest hanging on a process waiting for input.
 */
export function spawnScaffolder(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string> = {},
  killAfterMs = 15_000,
  umask?: number,
): SpawnedScaffolder {
  // A umask is set by a shell, which then becomes node (`exec`): spawn cannot set one.
  const [command, args] =
    umask === undefined
      ? [process.execPath, [entry, ...argv]]
      : [
          '/bin/sh',
          ['-c', `umask ${umask.toString(8)} && exec "$@"`, 'sh', process.execPath, entry, ...argv],
        ];
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of waiters.filter((x) => stderr.includes(x.text))) w.resolve();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters) w.resolve();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    waitForStderr: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ text, resolve })),
  };
}
