import type { PluginContext } from '../context/plugin-context.js';
import type { PluginTypes, RegisteredPlugin } from '../context/plugin-types.js';

/** What a plugin module exports by default. */
export interface PluginDefinition<T extends PluginTypes = RegisteredPlugin> {
  /** Called once when the plugin is enabled; register contributions and listeners here. */
  activate(ctx: PluginContext<T>): void | Promise<void>;
  /**
   * Called when the plugin is disabled or unloaded. Whatever it registered through `ctx` is
   * removed by the host even if this throws or hangs.
   */
  deactivate?(ctx: PluginContext<T>): void | Promise<void>;
}

/** Brand that lets hosts recognise a definition made with {@link definePlugin}. */
export const PLUGIN_DEFINITION_BRAND: unique symbol = Symbol.for('stack-plugin.definition');

/**
 * Declare a plugin. Returns its argument, typed: `ctx.config`, the capabilities on `ctx` and
 * the contribution ids come from the manifest through `stack-plugin typegen`.
 *
 * @example
 * ```ts
 * import { definePlugin, type UntypedPlugin } from '@stack-plugin/pdk';
 *
 * // `stack-plugin typegen` writes these types from stack-plugin.json into
 * // stack-plugin-env.d.ts, where they apply without a type argument; they are spelled out
 * // here only to keep the example self-contained.
 * interface Greeter extends UntypedPlugin {
 *   config: { greeting: string };
 *   permissions: 'state';
 *   commands: { hello: { input: { name: string }; output: { text: string } } };
 * }
 *
 * export default definePlugin<Greeter>({
 *   async activate(ctx) {
 *     await ctx.commands.register('hello', async ({ name }) => {
 *       await ctx.state.set('lastGreeted', name);
 *       return { text: `${ctx.config.greeting} ${name}` };
 *     });
 *   },
 * });
 * ```
 */
export function definePlugin<T extends PluginTypes = RegisteredPlugin>(
  definition: PluginDefinition<T>,
): PluginDefinition<T> {
  Object.defineProperty(definition, PLUGIN_DEFINITION_BRAND, { value: true });
  return definition;
}

/** Whether `value` looks like a plugin definition (an object with an `activate` function). */
export function isPluginDefinition(value: unknown): value is PluginDefinition<PluginTypes> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { activate?: unknown }).activate === 'function'
  );
}
