import { spawn } from 'node:child_process';
import { createError } from '@stack-plugin/pdk';
import { cliErrors } from '../cli-errors.js';

/** What an npm run printed. */
export interface NpmResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runNpm}. */
export interface RunNpmOptions {
  readonly cwd: string;
  /** The command's environment, laid over the process's (npm needs PATH, HOME and its config). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Return instead of throwing on a non-zero exit. */
  readonly allowFailure?: boolean;
}

/**
 * Run the real npm client, so registry, auth, cache and proxy settings come from the user's
 * npm configuration exactly as for a hand-typed `npm` command.
 *
 * @throws {@link StackPluginError} `NPM_COMMAND_FAILED` with the tail of npm's stderr.
 */
export function runNpm(
  args: readonly string[],
  options: RunNpmOptions,
): Promise<NpmResult & { code: number }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const command = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(
        createError(
          cliErrors.NPM_COMMAND_FAILED,
          { args, exit: 'spawn', detail: error.message },
          { cause: error },
        ),
      ),
    );
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0 && options.allowFailure !== true) {
        reject(
          createError(cliErrors.NPM_COMMAND_FAILED, {
            args,
            exit: code ?? 'signal',
            detail: tail(stderr) || tail(stdout) || 'no output',
          }),
        );
        return;
      }
      resolve({ stdout, stderr, code: code ?? 1 });
    });
  });
}

/** The meaningful end of npm's output: its error lines without the usual noise. */
function tail(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/Unknown (env|user|project) config/.test(line))
    .filter((line) => !/^npm (error|ERR!) (A complete log|Log files were not written)/.test(line));
  const errors = lines.filter((line) => /^npm (error|ERR!)/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-6).join(' | ');
}
