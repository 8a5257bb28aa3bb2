/**
 * Reference cases of the cold-start bench: a bare worker, a bare child process under the
 * strict sandbox's flags, and each of them running only SES's lockdown (with the host's code
 * cache, as a sandbox does). They say how much of a sandbox's start-up is Node's own and how
 * much is SES, measured in the same run as the sandboxes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LOCKDOWN_OPTIONS, RUNTIME_FILES } from '../dist/sandbox/_runtime-files.js';
import { whenSesCodeCacheReady } from '../dist/sandbox/_ses-code-cache.js';
import { strictNodeFlags } from '../dist/sandbox/process-transport.js';

// CommonJS, so neither the ESM loader nor a package.json read is part of the floor.
const EMPTY = `
const { parentPort } = require('node:worker_threads');
parentPort ? parentPort.postMessage(0) : process.send(0);
`;
const SES_ONLY = `
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { parentPort, workerData } = require('node:worker_threads');
const boot = parentPort ? workerData : JSON.parse(process.argv[2]);
const cachedData = boot.cache ? readFileSync(boot.cache) : undefined;
new Script(readFileSync(boot.ses, 'utf8'), { filename: boot.ses, cachedData }).runInThisContext();
lockdown(boot.lockdown);
parentPort ? parentPort.postMessage(0) : process.send(0);
`;

type Running = Array<{ dispose(): Promise<void> }>;

/** The floor cases; `setup` writes their scripts, `teardown` removes them. */
export function createFloor() {
  let dir = '';
  let boot: { ses: string; lockdown: Record<string, string>; cache?: string } | undefined;
  const script = (kind: 'empty' | 'ses') => join(dir, `${kind}.cjs`);
  const firstMessage = (target: Worker | ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      target.once('message', () => resolve());
      target.once('error', reject);
      target.once('exit', (code) => reject(new Error(`exited (${code}) before its first message`)));
    });

  return {
    async setup(): Promise<void> {
      dir = await mkdtemp(join(tmpdir(), 'cold-start-floor-'));
      await writeFile(script('empty'), EMPTY);
      await writeFile(script('ses'), SES_ONLY);
      const cache = await whenSesCodeCacheReady();
      if (cache !== undefined) await writeFile(join(dir, 'ses.cache'), cache);
      boot = {
        ses: RUNTIME_FILES.ses,
        lockdown: { ...LOCKDOWN_OPTIONS },
        ...(cache === undefined ? {} : { cache: join(dir, 'ses.cache') }),
      };
    },
    async teardown(): Promise<void> {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    },
    /** A worker with the sandbox's options, running `kind`; left running in `running`. */
    async worker(running: Running, kind: 'empty' | 'ses' = 'empty'): Promise<void> {
      const worker = new Worker(script(kind), {
        workerData: boot,
        env: {},
        execArgv: [],
        argv: [],
        stdout: true,
        stderr: true,
        resourceLimits: { maxOldGenerationSizeMb: 80, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
      });
      running.push({ dispose: () => worker.terminate().then(() => undefined) });
      await firstMessage(worker);
    },
    /** A child under the strict sandbox's Node flags, running `kind`; left running in `running`. */
    async fork(running: Running, kind: 'empty' | 'ses' = 'empty'): Promise<void> {
      const reads = [script(kind), ...(boot?.cache === undefined ? [] : [boot.cache])];
      const child = fork(script(kind), [JSON.stringify(boot)], {
        execArgv: [...strictNodeFlags(64), ...reads.map((file) => `--allow-fs-read=${file}`)],
        env: {},
        serialization: 'advanced',
        stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      });
      child.stdin?.end();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      running.push({
        dispose: () => {
          child.kill('SIGKILL');
          return exited;
        },
      });
      await firstMessage(child);
    },
  };
}
