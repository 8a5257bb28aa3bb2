import type { HandlerKindName, RegisteredPlugin } from '@stack-plugin/pdk';

/**
 * Ids typed from the plugin's generated registry (`stack-plugin-env.d.ts`, written by
 * `stack-plugin typegen`): a typo in a command, step or topic id is a compile error in tests.
 * Without a generated registry every id is a plain string.
 */
type Registered = RegisteredPlugin;

/** The id of one of the plugin's commands. */
export type CommandId = keyof Registered['commands'] & string;

/** The input type of command `K`. */
export type CommandInput<K extends CommandId> = Registered['commands'][K]['input'];

/** The output type of command `K`. */
export type CommandOutput<K extends CommandId> = Registered['commands'][K]['output'];

/** The contribution kinds with handlers whose ids the registry types: pdk's `CALLABLE_KINDS`. */
export type RegisteredKind = HandlerKindName;

/** The id of one of the plugin's contributions of `kind`. */
export type ContributionIdOf<K extends RegisteredKind> = keyof Registered[K] & string;

/**
 * One of the plugin's callable contributions, written as a manifest's `uses` reference: a
 * command id, or `<kind>:<id>` for any kind of `CALLABLE_KINDS` (`skills:summarize`,
 * `transformers:upper`, ...).
 */
export type CallableRef =
  | CommandId
  | { [K in RegisteredKind]: `${K}:${ContributionIdOf<K>}` }[RegisteredKind];

/** The input type of the contribution `R` names. */
export type CallableInput<R extends CallableRef> =
  R extends `${infer K extends RegisteredKind}:${infer Id}`
    ? Registered[K][Id & ContributionIdOf<K>] extends { input: infer I }
      ? I
      : never
    : R extends CommandId
      ? CommandInput<R>
      : never;

/**
 * An event topic the plugin declares, or a pattern with `*` / `**` (which may match other
 * plugins' topics too).
 */
export type EventTopic = (keyof Registered['events'] & string) | `${string}*${string}`;
