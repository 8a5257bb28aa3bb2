/**
 * Ids in tests are typed from the plugin's generated registry (what `stack-plugin typegen`
 * writes): a typo in a command, step or topic id fails to compile. Checked in its own program
 * (`npm run typecheck`), since the augmentation applies to every file it sees.
 */
import type { NoContributions } from '@stack-plugin/pdk';
import { expect, expectTypeOf } from 'vitest';
import type { MountedPlugin } from '../../src/index.js';
import '../../src/matchers/stack-matchers.js';

declare module '@stack-plugin/pdk' {
  interface PluginTypeRegistry {
    plugin: {
      config: Record<string, never>;
      permissions: 'events:emit:issues.*';
      commands: { 'issues.list': { input: { repo: string }; output: { titles: string[] } } };
      steps: { 'issues.sync': { input: { since: string }; output: { synced: number } } };
      transformers: NoContributions;
      validators: NoContributions;
      formatters: NoContributions;
      hooks: NoContributions;
      skills: NoContributions;
      events: { 'issues.synced': { count: number } };
    };
  }
}

declare const plugin: MountedPlugin;

expectTypeOf(plugin.execute('issues.list', { repo: 'x' })).resolves.toEqualTypeOf<{
  titles: string[];
}>();
// Inputs stay open in execute: tests send what the schema refuses on purpose.
void plugin.execute('issues.list', { repo: 42 });
// @ts-expect-error not a command of this plugin
void plugin.execute('issues.lsit', {});
void plugin.invoke('steps', 'issues.sync', { since: '2025-01-01' });
// @ts-expect-error not a step of this plugin
void plugin.invoke('steps', 'issues.snyc', {});

await expect(plugin).toRespondWith('issues.list', { repo: 'x' }, { titles: [] });
// @ts-expect-error the input is typed from the command's schema
await expect(plugin).toRespondWith('issues.list', { rep: 'x' }, { titles: [] });
// @ts-expect-error not a command of this plugin
await expect(plugin).toRespondWith('issue.list', { repo: 'x' }, {});
// Other callable kinds as `<kind>:<id>`, typed from the same registry.
await expect(plugin).toRespondWith('steps:issues.sync', { since: '2025-01-01' }, { synced: 1 });
// @ts-expect-error the input is typed from the step's schema
await expect(plugin).toRespondWith('steps:issues.sync', { since: 1 }, { synced: 1 });
// @ts-expect-error not a step of this plugin
await expect(plugin).toRespondWith('steps:issues.list', { repo: 'x' }, {});
// @ts-expect-error the plugin contributes no skills
await expect(plugin).toRespondWith('skills:issues.sync', { since: '2025-01-01' }, {});

expect(plugin).toHaveEmitted('issues.synced', { count: 1 });
expect(plugin).toHaveEmitted('issues.*');
// @ts-expect-error not a topic the plugin declares (and not a pattern)
expect(plugin).toHaveEmitted('issue.synced');
