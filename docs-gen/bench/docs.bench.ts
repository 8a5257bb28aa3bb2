/**
 * Docs for an example plugin (HTML site + Markdown + manifest pages + search index + API report +
 * compiled examples + link check) against a plain typedoc HTML run over the same sources.
 * Goal: at most 1.5x the plain typedoc run.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDocs } from '@stack-plugin/docs-gen';
import { Application, TSConfigReader } from 'typedoc';
import { defineBench } from '../../scripts/bench-kit.ts';

const FIXTURE = resolve(import.meta.dirname, '..', 'test', 'fixtures', 'weather-plugin');
const NODE_MODULES = resolve(import.meta.dirname, '..', '..', 'node_modules');
let root = '';
let dir = '';

async function plainTypedoc(): Promise<void> {
  const app = await Application.bootstrapWithPlugins(
    {
      entryPoints: [join(dir, 'src', 'index.ts')],
      tsconfig: join(dir, 'tsconfig.json'),
      readme: 'none',
      disableGit: true,
      disableSources: true,
      logLevel: 'Error',
      outputs: [{ name: 'html', path: join(root, 'plain') }],
    },
    [new TSConfigReader()],
  );
  const project = await app.convert();
  if (!project) throw new Error('typedoc failed');
  await app.generateOutputs(project);
}

export default defineBench({
  name: 'docs-gen',
  baseline: { name: 'plain typedoc (HTML)', fn: plainTypedoc },
  cases: [
    {
      name: 'stack-plugin docs (HTML + Markdown + report + examples + search)',
      fn: () => generateDocs({ dir, out: join(root, 'docs') }),
      goal: '<= 1.5x plain typedoc',
      goalMet: ({ ratio }) => ratio <= 1.5,
    },
  ],
  async setup() {
    root = await mkdtemp(join(tmpdir(), 'docs-bench-'));
    await symlink(NODE_MODULES, join(root, 'node_modules'), 'dir');
    dir = join(root, 'weather-plugin');
    await cp(FIXTURE, dir, { recursive: true });
  },
  async teardown() {
    await rm(root, { recursive: true, force: true });
  },
  iterations: 10,
  warmupIterations: 2,
  interleave: true,
});
