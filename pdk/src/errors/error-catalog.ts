/**
 * The one catalog of error codes shared by every Stack PDK package.
 *
 * Codes are permanent: never rename or reuse one, only add. Keep entries sorted by code.
 * Each message says what happened and why; each hint says what to do. No "Error:" prefix.
 */

/** Arguments a catalog entry's message or hint may use. */
export type ErrorArgs = Record<string, string | number | boolean | undefined>;

/** One entry of the error catalog. */
export interface ErrorCatalogEntry {
  /** Stable, permanent, SCREAMING_SNAKE_CASE identifier. */
  readonly code: string;
  /** Short human title, used in docs. */
  readonly title: string;
  /** What happened and why. */
  readonly message: (args: ErrorArgs) => string;
  /** What to do about it. */
  readonly hint: (args: ErrorArgs) => string;
}

const entry = (
  code: string,
  title: string,
  message: (a: ErrorArgs) => string,
  hint: (a: ErrorArgs) => string,
): ErrorCatalogEntry => ({ code, title, message, hint });

const s = (v: unknown, fallback = '?'): string => (v === undefined ? fallback : String(v));

/**
 * Every error code, keyed by code. Add new entries in sorted position.
 */
export const errorCatalog = {
  BAD_USAGE: entry(
    'BAD_USAGE',
    'Bad command usage',
    (a) => `${s(a.detail, 'The command was called with invalid arguments')}.`,
    (a) =>
      `Run \`stack-plugin ${s(a.command, '<command>')} --help\` to see the accepted arguments.`,
  ),
  CONFIG_INVALID: entry(
    'CONFIG_INVALID',
    'Plugin configuration is invalid',
    (a) => `The configuration of "${s(a.plugin)}" does not match its schema: ${s(a.detail)}.`,
    () =>
      'Fix the value in stack.config.json, the environment override or the runtime parameter; the plugin manifest\'s "config" schema lists what is accepted.',
  ),
  DEPENDENCY_CYCLE: entry(
    'DEPENDENCY_CYCLE',
    'Plugins require each other in a cycle',
    (a) => `Plugins require each other in a cycle: ${s(a.cycle)}.`,
    () => 'Remove one of the "requires" entries in the cycle, or merge the plugins.',
  ),
  DEPENDENCY_MISSING: entry(
    'DEPENDENCY_MISSING',
    'A required plugin is missing',
    (a) =>
      `"${s(a.plugin)}" requires "${s(a.dependency)}" (${s(a.range)}), which is not configured.`,
    (a) => `Add "${s(a.dependency)}" to stack.config.json, or remove it from "requires".`,
  ),
  DEPENDENCY_VERSION_MISMATCH: entry(
    'DEPENDENCY_VERSION_MISMATCH',
    'A required plugin has the wrong version',
    (a) =>
      `"${s(a.plugin)}" requires "${s(a.dependency)}" ${s(a.range)}, but version ${s(a.version)} is configured.`,
    (a) => `Install a version of "${s(a.dependency)}" that satisfies ${s(a.range)}.`,
  ),
  HOST_INCOMPATIBLE: entry(
    'HOST_INCOMPATIBLE',
    'Plugin needs another host API version',
    (a) => `"${s(a.plugin)}" needs host API ${s(a.range)}, but this host provides ${s(a.version)}.`,
    () => 'Upgrade the host, or install a version of the plugin built for this host.',
  ),
  INTERNAL: entry(
    'INTERNAL',
    'Internal error',
    (a) => `An unexpected internal error occurred: ${s(a.detail)}.`,
    () => 'This is a bug in Stack PDK; please report it with the command you ran.',
  ),
  MANIFEST_INVALID: entry(
    'MANIFEST_INVALID',
    'Plugin manifest is invalid',
    (a) => `The manifest of "${s(a.plugin)}" is invalid: ${s(a.detail)}.`,
    () => 'Run `stack-plugin validate` in the plugin folder for every issue and a hint for each.',
  ),
  MANIFEST_NOT_FOUND: entry(
    'MANIFEST_NOT_FOUND',
    'No plugin manifest',
    (a) => `No stack-plugin.json was found in ${s(a.dir)}.`,
    () => 'Run the command in a plugin folder, or create a plugin with `npm create stack-plugin`.',
  ),
  PERMISSION_DENIED: entry(
    'PERMISSION_DENIED',
    'Permission denied',
    (a) => `"${s(a.plugin)}" may not ${s(a.action)}: it has not been granted "${s(a.permission)}".`,
    (a) =>
      `Add "${s(a.permission)}" to "permissions" in stack-plugin.json if the plugin really needs it.`,
  ),
  PERMISSION_INVALID: entry(
    'PERMISSION_INVALID',
    'Permission string is invalid',
    (a) => `"${s(a.permission)}" is not a valid permission: ${s(a.detail)}.`,
    () =>
      'Use one of fs:read:<glob>, fs:write:<glob>, net:<host>[:<port>], env:<NAME>, secret:<NAME>, exec:<command>, events:emit:<pattern>, events:on:<pattern>, state, state:shared.',
  ),
  PLUGIN_ACTIVATION_FAILED: entry(
    'PLUGIN_ACTIVATION_FAILED',
    'Plugin failed',
    (a) => `"${s(a.plugin)}" failed during ${s(a.phase, 'activation')}: ${s(a.detail)}.`,
    () => 'See the cause below; fix the plugin or disable it in stack.config.json.',
  ),
  PLUGIN_CRASHED: entry(
    'PLUGIN_CRASHED',
    'Plugin crashed',
    (a) => `"${s(a.plugin)}" crashed${a.detail === undefined ? '' : `: ${s(a.detail)}`}.`,
    () =>
      "The host restarts crashed plugins with backoff and quarantines them after repeated crashes; check the plugin's logs.",
  ),
  PLUGIN_NOT_FOUND: entry(
    'PLUGIN_NOT_FOUND',
    'Plugin not found',
    (a) => `No plugin named "${s(a.plugin)}" is loaded.`,
    () => 'Check the name in stack.config.json and that the plugin is installed.',
  ),
  PLUGIN_TIMEOUT: entry(
    'PLUGIN_TIMEOUT',
    'Plugin timed out',
    (a) => `"${s(a.plugin)}" did not finish ${s(a.phase, 'the call')} within ${s(a.timeoutMs)} ms.`,
    () =>
      'Make the handler faster, honour ctx.signal, or raise "limits.timeoutMs" in the manifest (within the host policy).',
  ),
  UNKNOWN_COMMAND: entry(
    'UNKNOWN_COMMAND',
    'Unknown command',
    (a) => `No command "${s(a.command)}" is registered.`,
    () =>
      'Check the id against the plugins\' "contributes.commands"; `stack-plugin run --help` lists how to call one.',
  ),
  VALIDATION_FAILED: entry(
    'VALIDATION_FAILED',
    'Data failed schema validation',
    (a) => `${s(a.what, 'The value')} does not match its schema: ${s(a.detail)}.`,
    () => 'Send data that matches the schema declared in the plugin manifest.',
  ),
} as const satisfies Record<string, ErrorCatalogEntry>;

/** A code from the error catalog. */
export type ErrorCode = keyof typeof errorCatalog;
