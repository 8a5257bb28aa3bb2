import type { PluginSource } from './_plugin-source.js';
import { type CreateTestHostOptions, createTestHost } from './create-test-host.js';
import type { MountOptions } from './mount-options.js';
import type { MountedPlugin } from './test-host.js';

/** Options of {@link mountPlugin}: the test host's and the plugin's together. */
export interface MountPluginOptions
  extends Omit<CreateTestHostOptions, 'plugins' | 'state'>,
    MountOptions {}

/**
 * Mounts one plugin in a fresh test host: the shortest way to test a plugin. The host is
 * `plugin.testHost`; inside a test it is checked and disposed when the test ends.
 *
 * @example
 * ```ts
 * // test/plugin.test.ts
 * import { fileURLToPath } from 'node:url';
 * import { mountPlugin } from '@stack-plugin/test-harness';
 * import { expect, it } from 'vitest';
 *
 * it('greets', async () => {
 *   const plugin = await mountPlugin(fileURLToPath(new URL('..', import.meta.url)), {
 *     config: { greeting: 'Hello' },
 *   });
 *   await expect(plugin).toRespondWith('greet', { name: 'Ada' }, { text: 'Hello Ada' });
 *   expect(plugin).toHaveLogged('info', /greeted/);
 * });
 * ```
 */
export async function mountPlugin(
  source: PluginSource,
  options: MountPluginOptions = {},
): Promise<MountedPlugin> {
  const { config, activate, state, ...hostOptions } = options;
  const testHost = await createTestHost(hostOptions);
  try {
    return await testHost.mount(source, {
      ...(config === undefined ? {} : { config }),
      ...(activate === undefined ? {} : { activate }),
      ...(state === undefined ? {} : { state }),
    });
  } catch (error) {
    await testHost.dispose();
    throw error;
  }
}
