// Keeps a kit registry running in the foreground until Ctrl-C or SIGTERM, after saying how to
// use it: `npm run registry` and `scripts/demo.sh --serve`.
import type { KitRegistry } from './kit-registry.ts';

/** The registry's fixed port: a project's lockfile names it, so it must not change. */
export const REGISTRY_PORT = 4873;

/** Its storage, relative to the repository (ignored by git, like every tool download). */
export const REGISTRY_ROOT = '.tools/registry';

/** Prints the create line and serves until SIGINT/SIGTERM; then stops (storage is kept). */
export async function serveUntilStopped(kit: KitRegistry): Promise<void> {
  const url = kit.registry.url;
  process.stdout.write(
    [
      '',
      `The Stack PDK kit ${kit.version} is served at ${url} (storage: ${kit.registry.root}).`,
      'Create a plugin of your own from it:',
      '',
      `  ${kit.createCommand('my-plugin')}`,
      '',
      `Projects created from it reinstall (npm install / npm ci) while it runs on ${url}.`,
      'Press Ctrl-C to stop it; `npm run registry` starts it again with everything kept.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await kit.registry.stop();
}
