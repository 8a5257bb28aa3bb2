/**
 * Manifest constants, free of the TypeBox definition so that importing them is cheap.
 */
/** The manifest's file name, at the root of the plugin package. */
export const MANIFEST_FILE = 'stack-plugin.json';

/** The package.json keyword by which hosts and npm search discover plugins. */
export const PLUGIN_KEYWORD = 'stack-plugin';

/**
 * Every host API version released, oldest first; the last is the one current hosts implement.
 * The one list: the host takes its `HOST_API_VERSION` from it, and the validator refuses a
 * `"host"` range that allows none of them.
 */
export const HOST_API_VERSIONS: readonly string[] = ['1.0.0'];

/** The Node.js range Stack PDK supports; `validate --fix` writes it when `engines.node` is missing. */
export const SUPPORTED_NODE_RANGE = '>=22.12';

/**
 * The `$schema` value `validate --fix` and the templates write: the schema file shipped in the
 * installed pdk, which editors resolve relative to the manifest and read offline.
 */
export const MANIFEST_SCHEMA_URL =
  './node_modules/@stack-plugin/pdk/schema/stack-plugin.schema.json';

/** `$id` of the published schema: a stable name, independent of where the file is served. */
export const MANIFEST_SCHEMA_ID = 'urn:stack-plugin:schema:manifest:1';

/** Pattern of contribution and workflow step ids: words joined by `.`, `-` or `_`. */
export const CONTRIBUTION_ID_PATTERN = '^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$';

/**
 * The contribution kinds that register handlers at run time (`ctx.<kind>.register`) and can be
 * used as workflow steps. The one list of them: the host, the harness and typegen import it.
 */
export const CALLABLE_KINDS = [
  'commands',
  'steps',
  'transformers',
  'validators',
  'formatters',
  'hooks',
  'skills',
] as const;

/** A contribution kind that registers a handler through `ctx.<kind>.register`. */
export type HandlerKindName = (typeof CALLABLE_KINDS)[number];

/**
 * Every contribution kind, in manifest order. The manifest definition (manifest-schema.ts) has
 * one key under `contributes` per entry; a type test keeps the two equal.
 */
export const CONTRIBUTION_KINDS = [
  'commands',
  'steps',
  'workflows',
  'transformers',
  'validators',
  'formatters',
  'hooks',
  'events',
  'skills',
  'themes',
] as const;

/** The names of the contribution kinds under `contributes`. */
export type ContributionKindName = (typeof CONTRIBUTION_KINDS)[number];

/**
 * One of each contribution kind, as messages name it (`commands` -> `command`): every package
 * that names a contribution in a message reads it here.
 */
export const CONTRIBUTION_NOUNS: Readonly<Record<ContributionKindName, string>> = {
  commands: 'command',
  steps: 'step',
  workflows: 'workflow',
  transformers: 'transformer',
  validators: 'validator',
  formatters: 'formatter',
  hooks: 'hook',
  events: 'event',
  skills: 'skill',
  themes: 'theme',
};

/**
 * The lifecycle points a `hooks` contribution is called at (its `point`):
 * - `host.start`: once every plugin has started (`{ point, plugins }`, the active ones);
 * - `host.stop`: before the host stops its plugins (`{ point }`);
 * - `command.before`: before a command runs (`{ point, command, caller, input }`);
 * - `command.after`: after it succeeded (`{ point, command, caller, input, output }`);
 * - `step.before`: before a workflow step's first attempt (`{ point, workflow, step, uses, input }`);
 * - `step.after`: once the step settled (`{ point, workflow, step, uses, status, output?, error? }`).
 * At a `*.before` point a hook vetoes by throwing (the call fails with `HOOK_VETOED`) or
 * replaces the input by returning `{ input }`; elsewhere what it returns is ignored and a
 * failure is only logged.
 */
export const HOOK_POINTS = [
  'host.start',
  'host.stop',
  'command.before',
  'command.after',
  'step.before',
  'step.after',
] as const;

/** A lifecycle point hooks are called at (see {@link HOOK_POINTS}). */
export type HookPoint = (typeof HOOK_POINTS)[number];
