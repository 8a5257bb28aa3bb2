// The "main job" on a fresh machine (scripts/demo.sh runs this after npm ci and the build):
// a local registry with every workspace package, then `npm create stack-plugin` from it and
// the generated plugin's tests. Plain Node 24; loopback only. Prints each step and its time.
//
//   node e2e/demo.ts [--template workflow] [--keep]
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry } from './support/local-registry.ts';
import { mirrorDependencies } from './support/mirror-dependencies.ts';
import { createNpmEnv } from './support/npm-env.ts';
import { Phases } from './support/phases.ts';
import { dependencyRoots, publishWorkspace, snapshotVersion } from './support/publish-workspace.ts';
import { run } from './support/run.ts';

const argv = process.argv.slice(2);
const template = argv[argv.indexOf('--template') + 1] ?? 'workflow';
const keep = argv.includes('--keep');
const repo = join(import.meta.dirname, '..');
const phases = new Phases();
const say = (text: string) => process.stdout.write(`\n==> ${text}\n`);

const registry = await startLocalRegistry();
let code = 0;
try {
  say(`Local registry (Verdaccio, no uplinks) at ${registry.url}, storage in ${registry.root}`);
  const env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
  say('Mirroring the third-party packages the kit needs from node_modules (no network)');
  const mirrored = await phases.run('mirror dependencies', async () =>
    mirrorDependencies(repo, registry.url, await dependencyRoots(repo)),
  );
  process.stdout.write(
    `    ${mirrored.versions} package versions, ${(mirrored.bytes / 1e6).toFixed(1)} MB\n`,
  );
  const version = snapshotVersion('0.1.0');
  say(`Publishing every workspace package as ${version} with npm publish`);
  const published = await phases.run('publish workspace', () =>
    publishWorkspace(repo, join(registry.root, 'publish'), env, version),
  );
  for (const p of published) process.stdout.write(`    ${p.name}@${p.version}\n`);
  const projects = keep ? join(tmpdir(), 'stack-pdk-demo') : join(registry.root, 'projects');
  await rm(join(projects, 'demo'), { recursive: true, force: true });
  await mkdir(projects, { recursive: true });
  say(`cd ${projects} && npm create stack-plugin@latest demo -- --template ${template} --yes`);
  await phases.run('npm create stack-plugin', () =>
    run('npm', ['create', 'stack-plugin@latest', 'demo', '--', '--template', template, '--yes'], {
      cwd: projects,
      env,
      echo: true,
    }),
  );
  say(`cd ${join(projects, 'demo')} && npm test`);
  await phases.run('npm test (generated plugin)', () =>
    run('npm', ['test'], { cwd: join(projects, 'demo'), env, echo: true }),
  );
  if (keep) say(`The generated plugin stays in ${join(projects, 'demo')}`);
} catch (error) {
  code = 1;
  // Output was echoed live; the first line says which command failed and why.
  process.stderr.write(
    `\n${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`,
  );
} finally {
  await registry.stop();
}
say(phases.summary('Demo steps'));
process.exitCode = code;
