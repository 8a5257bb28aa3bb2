/**
 * What `stack-plugin typegen` produces: an augmentation of PluginTypeRegistry. Checked in its
 * own program (`npm run typecheck`), since the augmentation applies to every file it sees.
 */
import { expectTypeOf } from 'vitest';
import {
  defineCommand,
  definePlugin,
  defineStep,
  type NoContributions,
  type PluginContext,
  type RegisteredPlugin,
  registerContributions,
} from '../../src/index.js';

declare module '../../src/index.js' {
  interface PluginTypeRegistry {
    plugin: {
      config: { owner: string };
      permissions: 'net:api.github.com' | 'state';
      commands: { 'issues.list': { input: { repo: string }; output: { titles: string[] } } };
      steps: { sync: { input: undefined; output: undefined } };
      transformers: NoContributions;
      validators: NoContributions;
      formatters: NoContributions;
      hooks: NoContributions;
      skills: NoContributions;
      events: Record<never, unknown>;
    };
  }
}

expectTypeOf<RegisteredPlugin['config']>().toEqualTypeOf<{ owner: string }>();

// definePlugin picks the registered types up without a type argument.
definePlugin({
  async activate(ctx) {
    expectTypeOf(ctx.config.owner).toBeString();
    await ctx.net.fetch('https://api.github.com/repos');
    await ctx.state.set('last', Date.now());
    // @ts-expect-error not granted: no exec: permission in the manifest
    await ctx.exec('git');
    // @ts-expect-error not granted: no fs: permission in the manifest
    await ctx.fs.readFile('x');
    await registerContributions(ctx, [list, sync]);
  },
});

// define* helpers take only declared ids and type the handler from the manifest schemas.
const list = defineCommand('issues.list', async (input) => {
  expectTypeOf(input).toEqualTypeOf<{ repo: string }>();
  return { titles: [input.repo] };
});
expectTypeOf(list.id).toEqualTypeOf<'issues.list'>();
expectTypeOf(list.kind).toEqualTypeOf<'commands'>();
const sync = defineStep('sync', () => undefined);

// @ts-expect-error not a command of this plugin
defineCommand('issues.delete', () => ({ titles: [] }));
// @ts-expect-error the output must be { titles: string[] }
defineCommand('issues.list', () => ({ titles: 'x' }));
// @ts-expect-error a command id is not a step id
defineStep('issues.list', () => {});

export type Checked = PluginContext;
