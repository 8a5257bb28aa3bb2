import type { RegisteredPlugin } from '@stack-plugin/pdk';

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

/** The contribution kinds with handlers whose ids the registry types. */
export type RegisteredKind =
  | 'commands'
  | 'steps'
  | 'transformers'
  | 'validators'
  | 'formatters'
  | 'hooks'
  | 'skills';

/** The id of one of the plugin's contributions of `kind`. */
export type ContributionIdOf<K extends RegisteredKind> = keyof Registered[K] & string;

/**
 * An event topic the plugin declares, or a pattern with `*` / `**` (which may match other
 * plugins' topics too).
 */
export type EventTopic = (keyof Registered['events'] & string) | `${string}*${string}`;
