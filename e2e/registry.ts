// `npm run registry`: the kit on a local registry that persists (Verdaccio on 127.0.0.1, no
// uplinks, storage in .tools/registry), until the kit is on a public registry. Prints the
// `npm create stack-plugin` line to use it, then serves until Ctrl-C.
//
//   node e2e/registry.ts [--port 4873]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKitRegistry } from './support/kit-registry.ts';
import { REGISTRY_PORT, REGISTRY_ROOT, serveUntilStopped } from './support/serve-registry.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: String(REGISTRY_PORT) } },
});
const repo = join(import.meta.dirname, '..');
const kit = await startKitRegistry({
  repo,
  root: join(repo, REGISTRY_ROOT),
  port: Number(values.port),
  say: (text) => process.stdout.write(`${text}\n`),
});
await serveUntilStopped(kit);
