/**
 * `stack-plugin dev`, edit to reloaded: the workflow template's plugin runs in a dev session
 * (its declared `limited` isolation, a worker sandbox); each iteration saves an edit to a
 * source file and waits until the rebuilt code is swapped in and answers differently.
 * Baseline: one plain `stack-plugin build` of the same project. Goal: under 1 s.
 * Needs `npm run build` first (the pdk the plugin imports is its dist).
 */
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBench } from '../../scripts/bench-kit.ts';
import type * as BuildModule from '../src/build/build-plugin.js';
import type * as DevModule from '../src/dev/dev-session.js';
import type { DevReload, DevSession } from '../src/dev/dev-session.js';

// The code under measure is the built dist (what the bin runs); its types come from the
// sources, so the bench type-checks on a clean clone before anything is built.
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
const { buildPlugin } = (await import(dist('build/build-plugin.js'))) as typeof BuildModule;
const { startDevSession } = (await import(dist('dev/dev-session.js'))) as typeof DevModule;

const repo = fileURLToPath(new URL('../..', import.meta.url));
let root = '';
let dir = '';
let session: DevSession | undefined;
let edits = 0;
let reloads: DevReload[] = [];
let original = '';

const command = {
  current: '1.4.0',
  commits: ['feat(ui): dark mode', 'fix: wrong exit code'],
};

/** Saves an edit that changes the release notes' heading, and waits for it to answer. */
async function editAndWaitForReload(): Promise<void> {
  edits += 1;
  const marker = `Features ${edits}`;
  const file = join(dir, 'src/release.ts');
  const seen = reloads.length;
  await writeFile(`${file}.tmp`, original.replace("['Features',", `['${marker}',`));
  await rename(`${file}.tmp`, file);
  while (reloads.length === seen) await new Promise((resolve) => setTimeout(resolve, 2));
  const reload = reloads[seen] as DevReload;
  if (!reload.ok) throw new Error(`the edit did not reload: ${String(reload.error)}`);
  const answer = (await session?.host.execute('release.plan', command)) as { notes: string };
  if (!answer.notes.includes(marker)) throw new Error('the reloaded plugin answered the old notes');
}

export default defineBench({
  name: 'cli-dev-reload',
  baseline: { name: 'stack-plugin build (one build)', fn: () => buildPlugin(dir).then(() => {}) },
  cases: [
    {
      name: 'dev: save an edit -> rebuilt, swapped in, answering',
      fn: editAndWaitForReload,
      goal: '< 1000 ms',
      goalMet: ({ medianMs }) => medianMs < 1000,
    },
  ],
  iterations: 15,
  warmupIterations: 2,
  time: 0,
  async setup() {
    root = await mkdtemp(join(tmpdir(), 'stack-bench-dev-'));
    dir = join(root, 'plugin');
    const template = join(repo, 'templates/workflow');
    await mkdir(dir, { recursive: true });
    await cp(join(template, 'src'), join(dir, 'src'), { recursive: true });
    await cp(join(template, 'stack-plugin.json'), join(dir, 'stack-plugin.json'));
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'bench-dev-workflow',
        version: '0.1.0',
        description: 'The workflow template, for the dev reload bench',
        type: 'module',
        main: './dist/index.js',
        keywords: ['stack-plugin'],
        engines: { node: '>=22.12' },
      }),
    );
    await mkdir(join(root, 'node_modules', '@stack-plugin'), { recursive: true });
    await symlink(join(repo, 'pdk'), join(root, 'node_modules', '@stack-plugin', 'pdk'), 'dir');
    original = await readFile(join(dir, 'src/release.ts'), 'utf8');
    if (!original.includes("['Features',"))
      throw new Error('the workflow template changed: update the bench edit');
    session = await startDevSession({
      dir,
      env: {},
      debounceMs: 10,
      out: () => {},
      err: () => {},
    });
    session.onReload((reload) => reloads.push(reload));
    if (session.plugin === undefined) throw new Error('the template did not load in the dev host');
  },
  async teardown() {
    await session?.stop();
    reloads = [];
    if (root !== '') await rm(root, { recursive: true, force: true });
  },
});
