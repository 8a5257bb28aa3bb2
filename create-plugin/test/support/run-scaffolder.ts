import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import { type RunOptions, run } from '../../src/index.js';

/** Output of one in-process run of the scaffolder. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const collect = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
};

/**
 * Run the scaffolder in-process in `cwd`, with pipes for stdio (so never interactive unless a
 * prompt is passed) and a clean environment: only PATH and HOME are kept.
 */
export async function runScaffolder(
  cwd: string,
  argv: readonly string[],
  options: { env?: Record<string, string>; prompt?: RunOptions['prompt'] } = {},
): Promise<RunResult> {
  const stdout = collect();
  const stderr = collect();
  const code = await run(argv, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdin: new PassThrough(),
    stdout: stdout.stream,
    stderr: stderr.stream,
    ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'create-stack-plugin-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Every entry of a folder, recursively, sorted (files and folders, `/`-separated). */
export async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((e) => e.split('\\').join('/')).sort();
}
