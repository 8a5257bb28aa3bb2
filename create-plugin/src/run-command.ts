/** Result of {@link runCommand}. `missing` means the program is not installed. */
export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
  readonly missing: boolean;
}

/**
 * Run a program without a shell, collecting its output (shown only when it fails). stdin is
 * closed so a program that wants to ask something fails instead of hanging.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    /** Stops the program (SIGTERM) when aborted. */
    signal?: AbortSignal;
  },
): Promise<CommandResult> {
  // Loaded on first use: runs with --no-install --no-git never start a program, and loading
  // `node:child_process` is over a millisecond of start-up.
  const { spawn } = process.getBuiltinModule('node:child_process');
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm, pnpm and yarn are .cmd shims on Windows, which spawn only runs through a shell.
      shell: process.platform === 'win32',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      // An abort (the run was interrupted) also lands here; the runner reports it.
      resolvePromise({ code: null, output: error.message, missing: error.code === 'ENOENT' }),
    );
    child.on('close', (code) => resolvePromise({ code, output, missing: false }));
  });
}
