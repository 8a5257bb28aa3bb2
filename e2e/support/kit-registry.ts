// The kit on a local registry: Verdaccio with the third-party packages mirrored from
// node_modules and every workspace package published under one snapshot version. What the
// demo, `npm run registry` and the author's end-to-end test start.
import { join } from 'node:path';
import {
  type LocalRegistry,
  type LocalRegistryOptions,
  startLocalRegistry,
} from './local-registry.ts';
import { mirrorDependencies } from './mirror-dependencies.ts';
import { createNpmEnv, type NpmEnv } from './npm-env.ts';
import type { Phases } from './phases.ts';
import { dependencyRoots, publishWorkspace, snapshotVersion } from './publish-workspace.ts';

/** A running registry holding the kit. */
export interface KitRegistry {
  readonly registry: LocalRegistry;
  /** npm settings pointing at it only. */
  readonly env: NpmEnv;
  /** The snapshot version every workspace package was published as. */
  readonly version: string;
  /** What a person types to create a plugin from it. */
  createCommand(name: string, extra?: readonly string[]): string;
}

/** Options of {@link startKitRegistry}. */
export interface KitRegistryOptions extends LocalRegistryOptions {
  readonly repo: string;
  /** Records each step with its time. */
  readonly phases?: Phases;
  /** Progress lines. */
  readonly say?: (text: string) => void;
}

/** Starts the registry, mirrors the kit's dependencies and publishes the workspace into it. */
export async function startKitRegistry(options: KitRegistryOptions): Promise<KitRegistry> {
  const say = options.say ?? (() => {});
  const step = <T>(name: string, fn: () => Promise<T>) =>
    options.phases === undefined ? fn() : options.phases.run(name, fn);
  const registry = await startLocalRegistry(options);
  try {
    say(`Local registry (Verdaccio, no uplinks) at ${registry.url}, storage in ${registry.root}`);
    const env = await createNpmEnv(registry.url, join(registry.root, 'npm'));
    say('Mirroring the third-party packages the kit needs from node_modules (no network)');
    const mirrored = await step('mirror dependencies', async () =>
      mirrorDependencies(options.repo, registry.url, await dependencyRoots(options.repo)),
    );
    say(`    ${mirrored.versions} package versions, ${(mirrored.bytes / 1e6).toFixed(1)} MB`);
    const version = snapshotVersion('0.1.0');
    say(`Publishing every workspace package as ${version} with npm publish`);
    const published = await step('publish workspace', () =>
      publishWorkspace(options.repo, join(registry.root, 'publish', version), env, version),
    );
    for (const p of published) say(`    ${p.name}@${p.version}`);
    return {
      registry,
      env,
      version,
      // `--registry` before any `--` is npm's own setting: npm fetches create-stack-plugin
      // from it and hands it to the install the scaffolder runs.
      createCommand: (name, extra = []) =>
        [
          'npm create stack-plugin@latest',
          name,
          '--registry',
          registry.url,
          ...(extra.length > 0 ? ['--', ...extra] : []),
        ].join(' '),
    };
  } catch (error) {
    await registry.stop();
    throw error;
  }
}
