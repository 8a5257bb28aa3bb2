// The "main job" on a fresh machine (scripts/demo.sh runs this after npm ci and the build):
// a local registry with every workspace package, then `npm create stack-plugin` from it and
// the generated plugin's tests. Plain Node 24; loopback only. Prints each step and its time.
//
//   node e2e/demo.ts [--template workflow] [--name demo] [--keep] [--serve [--port 4873]]
//
// --keep leaves the project in $TMPDIR/stack-pdk-demo/<name>; --serve keeps the registry
// running afterwards (storage in .tools/registry, as `npm run registry`), so the project, and
// any other created from it, can be reinstalled; it implies --keep.
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type KitRegistry, startKitRegistry } from './support/kit-registry.ts';
import { Phases } from './support/phases.ts';
import { run } from './support/run.ts';
import { REGISTRY_PORT, REGISTRY_ROOT, serveUntilStopped } from './support/serve-registry.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string', default: 'workflow' },
    name: { type: 'string', default: 'demo' },
    keep: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    port: { type: 'string', default: String(REGISTRY_PORT) },
  },
  allowPositionals: false,
});
const { template, name } = values;
const keep = values.keep || values.serve;
const repo = join(import.meta.dirname, '..');
const phases = new Phases();
const say = (text: string) => process.stdout.write(`\n==> ${text}\n`);

let kit: KitRegistry | undefined;
let code = 0;
try {
  kit = await startKitRegistry({
    repo,
    phases,
    say,
    ...(values.serve ? { root: join(repo, REGISTRY_ROOT), port: Number(values.port) } : {}),
  });
  const { env } = kit;
  const projects = keep ? join(tmpdir(), 'stack-pdk-demo') : join(kit.registry.root, 'projects');
  await rm(join(projects, name), { recursive: true, force: true });
  await mkdir(projects, { recursive: true });
  say(`cd ${projects} && npm create stack-plugin@latest ${name} -- --template ${template} --yes`);
  await phases.run('npm create stack-plugin', () =>
    run('npm', ['create', 'stack-plugin@latest', name, '--', '--template', template, '--yes'], {
      cwd: projects,
      env,
      echo: true,
    }),
  );
  say(`cd ${join(projects, name)} && npm test`);
  await phases.run('npm test (generated plugin)', () =>
    run('npm', ['test'], { cwd: join(projects, name), env, echo: true }),
  );
  if (keep) say(`The generated plugin stays in ${join(projects, name)}`);
} catch (error) {
  code = 1;
  // Output was echoed live; the first line says which command failed and why.
  process.stderr.write(
    `\n${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n`,
  );
} finally {
  say(phases.summary('Demo steps'));
  if (kit !== undefined) {
    if (values.serve && code === 0) await serveUntilStopped(kit);
    else await kit.registry.stop();
  }
}
process.exitCode = code;
