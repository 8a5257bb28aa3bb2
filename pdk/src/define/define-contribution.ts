import type { Off } from '../context/capability-types.js';
import type { CallContext, Handler } from '../context/plugin-context.js';
import type { PluginTypes, RegisteredPlugin } from '../context/plugin-types.js';
import type { HandlerKindName } from '../manifest/manifest-constants.js';

/** The ids of one contribution kind of plugin `T`. */
export type ContributionId<
  Kind extends HandlerKindName,
  T extends PluginTypes = RegisteredPlugin,
> = keyof T[Kind] & string;

/** The input type of contribution `Id` of kind `Kind`. */
export type ContributionInput<
  Kind extends HandlerKindName,
  Id extends ContributionId<Kind, T>,
  T extends PluginTypes = RegisteredPlugin,
> = T[Kind][Id]['input'];

/** The output type of contribution `Id` of kind `Kind`. */
export type ContributionOutput<
  Kind extends HandlerKindName,
  Id extends ContributionId<Kind, T>,
  T extends PluginTypes = RegisteredPlugin,
> = T[Kind][Id]['output'];

/**
 * A handler for one contribution, defined apart from `activate` (for example one file per
 * command) and registered later with {@link registerContributions}.
 */
export interface ContributionDefinition<
  Kind extends HandlerKindName = HandlerKindName,
  Id extends string = string,
  I = unknown,
  O = unknown,
> {
  readonly kind: Kind;
  readonly id: Id;
  readonly handler: Handler<I, O>;
}

function define<Kind extends HandlerKindName>(kind: Kind) {
  return <Id extends ContributionId<Kind>>(
    id: Id,
    handler: Handler<ContributionInput<Kind, Id>, ContributionOutput<Kind, Id>>,
  ): ContributionDefinition<
    Kind,
    Id,
    ContributionInput<Kind, Id>,
    ContributionOutput<Kind, Id>
  > => ({
    kind,
    id,
    handler,
  });
}

/**
 * Define a command handler. The id must be a command of the manifest and the handler's input
 * and output types come from its schemas (through `stack-plugin typegen`).
 *
 * @example
 * ```ts
 * import { defineCommand, definePlugin, registerContributions } from '@stack-plugin/pdk';
 *
 * // src/commands/whoami.ts: one file per command. After `stack-plugin typegen`, `input` and
 * // the result are typed from the manifest's schemas for `whoami` (before, they are unknown).
 * export const whoami = defineCommand('whoami', (_input, call) => ({ caller: call.caller }));
 *
 * // src/index.ts
 * export default definePlugin({
 *   async activate(ctx) {
 *     await registerContributions(ctx, [whoami]);
 *   },
 * });
 * ```
 */
export const defineCommand = define('commands');
/** Define a workflow step handler; see {@link defineCommand}. */
export const defineStep = define('steps');
/** Define a transformer handler; see {@link defineCommand}. */
export const defineTransformer = define('transformers');
/** Define a validator handler; see {@link defineCommand}. */
export const defineValidator = define('validators');
/** Define a formatter handler; see {@link defineCommand}. */
export const defineFormatter = define('formatters');
/** Define a hook handler; see {@link defineCommand}. */
export const defineHook = define('hooks');
/** Define a skill handler; see {@link defineCommand}. */
export const defineSkill = define('skills');

/**
 * Register handlers made with the `define*` helpers, in order. Returns one `off` that
 * unregisters all of them. If one registration fails, those already made are undone.
 * `ctx` is any plugin context; the ids and handler types were checked by the `define*` calls.
 */
export async function registerContributions(
  ctx: { readonly [Kind in HandlerKindName]: unknown },
  definitions: ReadonlyArray<ContributionDefinition<HandlerKindName, string, never, unknown>>,
): Promise<Off> {
  const offs: Off[] = [];
  const offAll: Off = async () => {
    for (const off of offs.splice(0).reverse()) await off();
  };
  try {
    for (const definition of definitions) {
      const registry = ctx[definition.kind] as {
        register(id: string, handler: (input: never, call: CallContext) => unknown): Promise<Off>;
      };
      offs.push(await registry.register(definition.id, definition.handler));
    }
  } catch (error) {
    await offAll();
    throw error;
  }
  return offAll;
}
