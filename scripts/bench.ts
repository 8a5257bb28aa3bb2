/**
 * `npm run bench [-- <filter>...] [--json]`: discovers `<pkg>/bench/*.bench.ts` and
 * `examples/<name>/bench/*.bench.ts`, runs those whose path or name contains a filter, prints
 * a table per bench and writes `bench-results/<name>.json`. With `--json` the tables go to
 * stderr and a combined JSON summary to stdout. Exits 1 when a case failed to run.
 */
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

async function main(argv: string[]): Promise<number> {
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
    const mod = (await import(pathToFileURL(file).href)) as { default?: BenchDefinition };
    if (mod.default === undefined || typeof mod.default.baseline?.fn !== 'function') {
      process.stderr.write(`${shown}: the default export is not made with defineBench.\n`);
      failed = true;
      continue;
    }
    say(`running ${shown} ...\n`);
    const result = await runBench(mod.default, shown);
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
