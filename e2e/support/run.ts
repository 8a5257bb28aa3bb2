// Child processes for the end-to-end flow: output captured, failures loud, durations kept.
import { spawn } from 'node:child_process';

/** What a finished command printed. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Resolve with the failure instead of rejecting. */
  readonly allowFailure?: boolean;
  /** Kill the command after this long (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Echo output live (demo script). */
  readonly echo?: boolean;
}

/** Run `command args` and collect its output; rejects on a non-zero exit unless allowed. */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      if (options.echo === true) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      if (options.echo === true) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = {
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Math.round(performance.now() - started),
      };
      if (result.code !== 0 && options.allowFailure !== true) {
        const tail = (text: string) => text.split('\n').slice(-40).join('\n');
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` exited ${code ?? signal}: ${reason(result.stdout, result.stderr)}\n` +
              `in ${options.cwd}\n` +
              `--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`,
          ),
        );
        return;
      }
      resolve(result);
    });
  });
}

/** The line that best says why a command failed, for one-line summaries. */
function reason(stdout: string, stderr: string): string {
  const noise =
    /Unknown (env|user|project) config|npm (error|ERR!) (code|path|command|A complete log)|^npm (error|ERR!)\s*$/;
  const lines = `${stdout}\n${stderr}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !noise.test(line));
  const telling = lines.filter((line) => /✖|error|Error|FAIL|failed/.test(line));
  return (telling.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}
