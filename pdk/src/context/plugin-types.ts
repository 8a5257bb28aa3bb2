/**
 * Type-level description of one plugin, produced by `stack-plugin typegen` from its manifest.
 * It drives the types of `ctx.config`, the capabilities present on `ctx`, and the ids and
 * input/output types of contributions.
 */
export interface PluginTypes {
  /** The plugin's configuration, from the manifest's `config` JSON Schema. */
  config: object;
  /** The granted permission strings, as a union of string literals. */
  permissions: string;
  /** Contributed commands: id -> input and output types. */
  commands: ContributionTypes;
  /** Contributed workflow steps: id -> input and output types. */
  steps: ContributionTypes;
  /** Contributed transformers: id -> input and output types. */
  transformers: ContributionTypes;
  /** Contributed validators: id -> input and output types. */
  validators: ContributionTypes;
  /** Contributed formatters: id -> input and output types. */
  formatters: ContributionTypes;
  /** Contributed hooks: id -> input and output types. */
  hooks: ContributionTypes;
  /** Contributed skills: id -> input and output types. */
  skills: ContributionTypes;
  /** Declared events: topic -> payload type. */
  events: Record<string, unknown>;
}

/** Map of contribution id to its input and output types. */
export type ContributionTypes = Record<string, { input: unknown; output: unknown }>;

/**
 * The types used when no typegen output is present: everything is allowed and untyped, so a
 * plugin compiles before its first `stack-plugin typegen` run.
 */
export interface UntypedPlugin extends PluginTypes {
  config: Record<string, unknown>;
  permissions: string;
  commands: Record<string, { input: unknown; output: unknown }>;
  steps: Record<string, { input: unknown; output: unknown }>;
  transformers: Record<string, { input: unknown; output: unknown }>;
  validators: Record<string, { input: unknown; output: unknown }>;
  formatters: Record<string, { input: unknown; output: unknown }>;
  hooks: Record<string, { input: unknown; output: unknown }>;
  skills: Record<string, { input: unknown; output: unknown }>;
  events: Record<string, unknown>;
}

/**
 * Augmented by the declaration file `stack-plugin typegen` writes
 * (`declare module '@stack-plugin/pdk' { interface PluginTypeRegistry { plugin: ... } }`),
 * so that `definePlugin` picks up the manifest's types without a type argument.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation.
export interface PluginTypeRegistry {}

/** The current plugin's types: the registered ones, or {@link UntypedPlugin}. */
export type RegisteredPlugin = PluginTypeRegistry extends { plugin: infer P extends PluginTypes }
  ? P
  : UntypedPlugin;

/** Contribution map of a kind a plugin does not contribute: no ids at all. */
export type NoContributions = Record<never, { input: unknown; output: unknown }>;
