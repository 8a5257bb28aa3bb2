/**
 * `npm run bench [-- <filter>...] [--json]`: discovers `<pkg>/bench/*.bench.ts` and
 * `examples/<name>/bench/*.bench.ts`, runs those whose path or name contains a filter, prints
 * a table per bench and writes `bench-results/<name>.json`. With `--json` the tables go to
 * stderr and a combined JSON summary to stdout. Exits 1 when a case failed to run. Each file
 * runs in a process of its own (see {@link runInChild}).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchDefinition, type BenchResult, formatBenchTable, runBench } from './bench-kit.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** Every bench file of the repository, sorted. */
export async function discoverBenchFiles(base: string = root): Promise<string[]> {
  const packages = await listDirs(base);
  const examples = await listDirs(join(base, 'examples'));
  const files: string[] = [];
  for (const dir of [...packages, ...examples]) {
    try {
      for (const name of await readdir(join(dir, 'bench'))) {
        if (name.endsWith('.bench.ts')) files.push(join(dir, 'bench', name));
      }
    } catch {
      // No bench folder.
    }
  }
  return files.sort();
}

/**
 * Runs one bench file in this process and hands its result to the parent on fd 3 (stdout
 * and stderr stay the bench's own, for whatever it prints).
 */
async function runOne(file: string): Promise<number> {
  const shown = relative(root, file);
  const mod = (await import(pathToFileURL(file).href)) as { default?: BenchDefinition };
  if (mod.default === undefined || typeof mod.default.baseline?.fn !== 'function') {
    process.stderr.write(`${shown}: the default export is not made with defineBench.\n`);
    return 1;
  }
  const result = await runBench(mod.default, shown);
  await new Promise<void>((resolve, reject) =>
    createWriteStream('', { fd: 3 }).end(JSON.stringify(result), (error?: Error | null) =>
      error ? reject(error) : resolve(),
    ),
  );
  return 0;
}

/**
 * Each bench file in a process of its own: V8 keeps what it learned about the code one bench
 * ran (which functions a call site reaches, which shapes an object had) for the next, so a
 * bench run after another measured code shaped by the other's cases (in one process, the
 * host-events figures of a plugin's emit moved by a third when other cases drove the same
 * plugin runtime code). Within a file the cases still share one process, as their baseline
 * must.
 */
function runInChild(file: string, say: (text: string) => void): Promise<BenchResult | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--file', file],
      { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => say(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const text = Buffer.concat(out).toString();
      resolve(text === '' ? undefined : (JSON.parse(text) as BenchResult));
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const one = argv.indexOf('--file');
  if (one >= 0) return runOne(argv[one + 1] as string);
  const json = argv.includes('--json');
  const filters = argv.filter((a) => !a.startsWith('--'));
  const say = (text: string) => (json ? process.stderr : process.stdout).write(text);
  const files = (await discoverBenchFiles()).filter(
    (f) => filters.length === 0 || filters.some((flt) => relative(root, f).includes(flt)),
  );
  if (files.length === 0) {
    process.stderr.write(`No bench file matches ${filters.join(', ') || '(none found)'}.\n`);
    return 1;
  }
  const results: BenchResult[] = [];
  let failed = false;
  await mkdir(join(root, 'bench-results'), { recursive: true });
  for (const file of files) {
    const shown = relative(root, file);
    say(`running ${shown} ...\n`);
    const result = await runInChild(file, say);
    if (result === undefined) {
      process.stderr.write(`${shown}: the bench did not finish (see above).\n`);
      failed = true;
      continue;
    }
    results.push(result);
    failed ||= result.cases.some((c) => c.error !== undefined);
    say(`${formatBenchTable(result)}\n`);
    const safeName = result.name.replace(/[^a-zA-Z0-9._-]+/g, '-');
    await writeFile(
      join(root, 'bench-results', `${safeName}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  }
  if (json) process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
  return failed ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
