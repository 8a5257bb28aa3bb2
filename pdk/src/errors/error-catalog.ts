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
  API_CHANGE_UNDECLARED: entry(
    'API_CHANGE_UNDECLARED',
    'API change needs a larger version bump',
    (a) =>
      `"${s(a.plugin)}" has ${s(a.required)} changes (${s(a.detail)}), but its changesets declare ${s(a.declared, 'no bump')}.`,
    (a) =>
      `Run \`npx changeset\` and declare a ${s(a.required)} bump for "${s(a.plugin)}", or undo the change.`,
  ),
  API_REPORT_OUTDATED: entry(
    'API_REPORT_OUTDATED',
    'API report is out of date',
    (a) =>
      `The public API of "${s(a.plugin)}" no longer matches its committed report ${s(a.file)} (${s(a.detail)}).`,
    (a) =>
      `Run \`${s(a.command, 'stack-plugin docs --update-report')}\`, review the diff of ${s(a.file)} and commit it.`,
  ),
  BAD_USAGE: entry(
    'BAD_USAGE',
    'Bad command usage',
    (a) => `${s(a.detail, 'The command was called with invalid arguments')}.`,
    (a) =>
      `Run \`stack-plugin ${s(a.command, '<command>')} --help\` to see the accepted arguments.`,
  ),
  BUILD_ENTRY_NOT_FOUND: entry(
    'BUILD_ENTRY_NOT_FOUND',
    'Plugin source entry not found',
    (a) =>
      `"${s(a.plugin)}" has no source entry to build: none of ${s(a.tried)} exists in ${s(a.dir)}.`,
    () =>
      'Create src/index.ts with `export default definePlugin({...})`, or point the "source" condition of package.json "exports" "." at the entry file.',
  ),
  BUILD_FAILED: entry(
    'BUILD_FAILED',
    'Plugin build failed',
    (a) => `Building "${s(a.plugin)}" failed at ${s(a.location)}: ${s(a.detail)}.`,
    () => 'Fix the code at the location named (file:line:column), then build again.',
  ),
  BUILD_FORBIDDEN_IMPORT: entry(
    'BUILD_FORBIDDEN_IMPORT',
    'Plugin code needs what a sandbox cannot give',
    (a) =>
      `${s(a.location)} ${s(a.what)} in "${s(a.plugin)}"${s(a.more, '')}, which cannot run under "limited" or "strict" isolation: there a plugin is one self-contained file without Node built-ins, require, process or dynamic imports.`,
    () =>
      'Use the capabilities on ctx instead (ctx.fs, ctx.net.fetch, ctx.env, ctx.exec, ctx.state), or a dependency that does not need Node; import your own modules statically so they are bundled.',
  ),
  BUILD_SANDBOX_INCOMPATIBLE: entry(
    'BUILD_SANDBOX_INCOMPATIBLE',
    'Plugin bundle would be refused by the sandbox',
    (a) =>
      `The bundle of "${s(a.plugin)}" contains ${s(a.what)} (from ${s(a.location)})${s(a.more, '')}, which the sandbox refuses to evaluate even inside strings and comments.`,
    () =>
      'Rewrite the text at that location (split such strings: "<" + "!--", "ev" + "al("; call eval indirectly: (0, eval)(code)); if it comes from a dependency, replace the dependency.',
  ),
  CAPABILITY_TIMEOUT: entry(
    'CAPABILITY_TIMEOUT',
    'Host capability call timed out',
    (a) =>
      `The host did not finish ${s(a.call)} for "${s(a.plugin)}" within ${s(a.timeoutMs)} ms, so the call was abandoned.`,
    () =>
      'Check the service behind the capability (file system, network, state store); the plugin may retry.',
  ),
  CHAIN_INVALID: entry(
    'CHAIN_INVALID',
    'Micro-plugin chain is invalid',
    (a) => `The chain is invalid at ${s(a.at, 'its root')}: ${s(a.detail)}.`,
    () =>
      'Each chain node is a contribution reference ("transformers:<id>" or { use }), { sequence: [...] }, { parallel: [...] | {...} } or { if, then, else? }.',
  ),
  CONFIG_INVALID: entry(
    'CONFIG_INVALID',
    'Plugin configuration is invalid',
    (a) => `The configuration of "${s(a.plugin)}" does not match its schema: ${s(a.detail)}.`,
    () =>
      'Fix the value in stack.config.json, the environment override or the runtime parameter; the plugin manifest\'s "config" schema lists what is accepted.',
  ),
  CONTRIBUTION_CONFLICT: entry(
    'CONTRIBUTION_CONFLICT',
    'Two plugins register the same contribution',
    (a) =>
      `"${s(a.plugin)}" cannot register ${s(a.kind)} "${s(a.id)}": "${s(a.owner)}" already registered it.`,
    () =>
      'Give the contribution a unique id (prefix it with the plugin name), or disable one of the plugins.',
  ),
  CONTRIBUTION_NOT_DECLARED: entry(
    'CONTRIBUTION_NOT_DECLARED',
    'Contribution not declared in the manifest',
    (a) =>
      `"${s(a.plugin)}" registered "${s(a.id)}", which is not declared in "contributes.${s(a.kind)}" of its manifest, so the host refuses it.`,
    (a) => `Add { "id": "${s(a.id)}" } to "contributes.${s(a.kind)}" in stack-plugin.json.`,
  ),
  CONTRIBUTION_NOT_FOUND: entry(
    'CONTRIBUTION_NOT_FOUND',
    'Contribution not found',
    (a) => `No ${s(a.kind)} "${s(a.id)}" is registered by an active plugin.`,
    (a) =>
      `Check the id against the plugins' "contributes.${s(a.kind)}" and that the plugin providing it is enabled and registers it in activate().`,
  ),
  DEPENDENCY_CYCLE: entry(
    'DEPENDENCY_CYCLE',
    'Plugins require each other in a cycle',
    (a) => `${s(a.subject, 'Plugins')} require each other in a cycle: ${s(a.cycle)}.`,
    () => 'Remove one of the "requires" entries in the cycle, or merge the plugins.',
  ),
  DEPENDENCY_FAILED: entry(
    'DEPENDENCY_FAILED',
    'A required plugin failed',
    (a) =>
      `"${s(a.plugin)}" was not activated because the plugin it requires, "${s(a.dependency)}", failed.`,
    (a) => `Fix "${s(a.dependency)}" first; its own error says why it failed.`,
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
  DOCS_BUILD_FAILED: entry(
    'DOCS_BUILD_FAILED',
    'Documentation build failed',
    (a) => `The documentation of "${s(a.plugin)}" could not be built: ${s(a.detail)}.`,
    () =>
      'Fix the TypeScript errors listed above; the docs are built from the same sources as the package.',
  ),
  DOCS_ENTRY_NOT_FOUND: entry(
    'DOCS_ENTRY_NOT_FOUND',
    'No TypeScript entry point found',
    (a) => `No TypeScript entry point was found for "${s(a.plugin)}" (looked for ${s(a.tried)}).`,
    () =>
      'Add an "exports" entry with a "source" condition to package.json, create src/index.ts, or pass --entry.',
  ),
  DOCS_EXAMPLE_INVALID: entry(
    'DOCS_EXAMPLE_INVALID',
    'A documentation example does not compile',
    (a) => `${s(a.count)} @example block(s) of "${s(a.plugin)}" do not compile: ${s(a.detail)}.`,
    () =>
      "Fix the example so it compiles against the package's public API; examples are type-checked so the docs never show broken code.",
  ),
  DOCS_LINK_BROKEN: entry(
    'DOCS_LINK_BROKEN',
    'Broken link in the documentation',
    (a) =>
      `${s(a.count)} link(s) in the generated docs of "${s(a.plugin)}" point nowhere: ${s(a.detail)}.`,
    () =>
      'Fix the {@link} target or the relative link in the guide; names must be exported by the package.',
  ),
  EXEC_FAILED: entry(
    'EXEC_FAILED',
    'Program could not be run',
    (a) => `Running "${s(a.command)}" failed: ${s(a.detail)}.`,
    () =>
      'Check that the program is installed and on the PATH the host passes; programs run without a shell, so pipes and globs do not work.',
  ),
  EXEC_OUTPUT_LIMIT: entry(
    'EXEC_OUTPUT_LIMIT',
    'Program wrote too much output',
    (a) =>
      `"${s(a.command)}" wrote more than ${s(a.limit)} bytes to ${s(a.stream)}, so it was stopped.`,
    () => 'Make the program print less (or write to a file), or raise the host exec output cap.',
  ),
  EXEC_TIMEOUT: entry(
    'EXEC_TIMEOUT',
    'Program timed out',
    (a) => `"${s(a.command)}" did not finish within ${s(a.timeoutMs)} ms, so it was killed.`,
    () => 'Pass a larger timeoutMs (within the plugin limits), or make the program faster.',
  ),
  EXEC_UNCONFINED: entry(
    'EXEC_UNCONFINED',
    'Program cannot be confined',
    (a) =>
      `"${s(a.command)}" was not run: programs a plugin runs are confined to the workspace with bubblewrap (bwrap), which is not installed on this machine.`,
    () =>
      'Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap). A host embedding the kit on a system without it may pass its own exec service (createNodeExecService with confine: false), knowing that programs then run unconfined.',
  ),
  FS_NOT_FOUND: entry(
    'FS_NOT_FOUND',
    'File not found',
    (a) => `"${s(a.path)}" does not exist in the workspace (${s(a.operation, 'access')}).`,
    () => 'Check the path; paths are relative to the workspace root and use forward slashes.',
  ),
  FS_OPERATION_FAILED: entry(
    'FS_OPERATION_FAILED',
    'File operation failed',
    (a) => `${s(a.operation, 'access')} of "${s(a.path)}" failed: ${s(a.reason)}.`,
    () => 'Check that the path has the expected type (file or folder) and is accessible.',
  ),
  FS_PATH_OUTSIDE_ROOT: entry(
    'FS_PATH_OUTSIDE_ROOT',
    'Path leaves the workspace',
    (a) =>
      `"${s(a.path)}" is outside the workspace root${a.detail === undefined ? '' : ` (${s(a.detail)})`}.`,
    () =>
      'Use a relative path inside the workspace; absolute paths, ".." above the root and symbolic links that lead out of it are refused.',
  ),
  FS_PATH_RESERVED: entry(
    'FS_PATH_RESERVED',
    'Path is reserved for the host',
    (a) =>
      `"${s(a.path)}" holds the host's own state or secrets, which plugins cannot reach through the file system.`,
    () => 'Use ctx.state for durable plugin data and ctx.secrets for secret values.',
  ),
  FS_SYMLINK_REFUSED: entry(
    'FS_SYMLINK_REFUSED',
    'Symbolic link refused',
    (a) =>
      `"${s(a.path)}" ${s(a.detail, 'is or passes through a symbolic link')}, so it was not followed.`,
    () =>
      'Resolve the path with realpath first (the host broker does); a path that changes between the check and the use is refused.',
  ),
  HOOK_VETOED: entry(
    'HOOK_VETOED',
    'A hook refused the call',
    (a) =>
      `Hook "${s(a.hook)}" of "${s(a.plugin)}" vetoed ${s(a.target)} (${s(a.point)}): ${s(a.detail)}.`,
    () =>
      "The hook's plugin refused it on purpose; the cause holds its own error and code. Change the input, or disable the plugin contributing the hook.",
  ),
  HOST_CONFIG_INVALID: entry(
    'HOST_CONFIG_INVALID',
    'Host config does not match its schema',
    (a) =>
      `${s(a.what, 'The host config')} is not a valid stack.config.json (${s(a.count)} problem${a.count === 1 ? '' : 's'}): ${s(a.detail)}`,
    (a) =>
      `Fix each problem listed (JSON Pointer: what is wrong, what to do). With "$schema": "${s(a.schema)}" in the file, editors check it as you type.`,
  ),
  HOST_INCOMPATIBLE: entry(
    'HOST_INCOMPATIBLE',
    'Plugin needs another host API version',
    (a) => `"${s(a.plugin)}" needs host API ${s(a.range)}, but this host provides ${s(a.version)}.`,
    () => 'Upgrade the host, or install a version of the plugin built for this host.',
  ),
  HOST_STARTUP_FAILED: entry(
    'HOST_STARTUP_FAILED',
    'Some plugins failed to start',
    (a) => `${s(a.count)} plugin(s) failed to start: ${s(a.detail)}.`,
    () =>
      'The other plugins are running. Fix or disable each failing plugin; `cause.errors` holds every wrapped error.',
  ),
  INSTALL_SCRIPTS_REFUSED: entry(
    'INSTALL_SCRIPTS_REFUSED',
    'Package declares install scripts',
    (a) =>
      `"${s(a.plugin)}" declares install scripts (${s(a.detail)}); npm would run them with your user's rights as it installs the package, before any host check.`,
    (a) =>
      `Nothing was installed. To install it anyway with its scripts left unrun, add "${s(a.plugin)}" to "policy.allowInstallScripts" in stack.config.json; plugin authors: build before publishing instead of at install time.`,
  ),
  INTEGRITY_FILE_MISSING: entry(
    'INTEGRITY_FILE_MISSING',
    'Signed file missing from the package',
    (a) =>
      `"${s(a.file)}" is listed in the integrity manifest of "${s(a.plugin)}" but is not in the package${s(a.more, '')}, so the package is not the one that was packed.`,
    () =>
      'Reinstall the package from its registry; if it still fails, the published package was altered after it was packed.',
  ),
  INTEGRITY_MANIFEST_INVALID: entry(
    'INTEGRITY_MANIFEST_INVALID',
    'Integrity manifest is invalid',
    (a) =>
      `The integrity manifest ${s(a.file, 'stack-plugin.integrity.json')} of "${s(a.plugin)}" is invalid: ${s(a.detail)}.`,
    () =>
      'Pack the plugin again with `stack-plugin pack` (and sign it with `stack-plugin sign`); never edit the manifest by hand.',
  ),
  INTEGRITY_MANIFEST_MISSING: entry(
    'INTEGRITY_MANIFEST_MISSING',
    'No integrity manifest',
    (a) =>
      `"${s(a.plugin)}" has no stack-plugin.integrity.json in ${s(a.where)}, so its files cannot be checked.`,
    () =>
      'Pack the plugin with `stack-plugin pack` and publish that tarball (`npm publish <file>.tgz`).',
  ),
  INTEGRITY_MISMATCH: entry(
    'INTEGRITY_MISMATCH',
    'File does not match its signed hash',
    (a) =>
      `"${s(a.file)}" of "${s(a.plugin)}" does not match the SHA-256 recorded in its integrity manifest${s(a.more, '')}, so the file was changed after the package was packed.`,
    () =>
      'Do not load this copy: reinstall the package from its registry, or pack and sign it again if you changed it on purpose.',
  ),
  INTEGRITY_UNEXPECTED_FILE: entry(
    'INTEGRITY_UNEXPECTED_FILE',
    'File not covered by the integrity manifest',
    (a) =>
      `"${s(a.file)}" is in the package of "${s(a.plugin)}" but not in its integrity manifest${s(a.more, '')}, so it was added after the package was packed.`,
    () =>
      'Do not load this copy: reinstall the package from its registry, or pack and sign it again if the file belongs to it.',
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
  NET_ADDRESS_BLOCKED: entry(
    'NET_ADDRESS_BLOCKED',
    'Network address blocked',
    (a) =>
      `${s(a.url)} resolves to ${s(a.address)}, a ${s(a.range)} address, which plugins may not reach unless that host is declared.`,
    (a) =>
      `Declare the exact host (for example "net:${s(a.host)}") in the plugin's permissions if it really must reach it.`,
  ),
  NET_FAILED: entry(
    'NET_FAILED',
    'Network request failed',
    (a) => `The request to ${s(a.url)} failed: ${s(a.detail)}.`,
    () => 'Check that the host is reachable and the URL is right.',
  ),
  NET_REDIRECT_LIMIT: entry(
    'NET_REDIRECT_LIMIT',
    'Too many redirects',
    (a) => `The request to ${s(a.url)} was redirected more than ${s(a.limit)} times.`,
    () => 'Request the final URL directly.',
  ),
  NET_RESPONSE_TOO_LARGE: entry(
    'NET_RESPONSE_TOO_LARGE',
    'Response too large',
    (a) => `The response from ${s(a.url)} is larger than ${s(a.limit)} bytes.`,
    () => 'Request less data (paging, ranges), or raise the host response size cap.',
  ),
  NET_TIMEOUT: entry(
    'NET_TIMEOUT',
    'Network request timed out',
    (a) => `The request to ${s(a.url)} did not complete within ${s(a.timeoutMs)} ms.`,
    () => 'Pass a larger timeoutMs (within the plugin limits), or check that the server responds.',
  ),
  NET_URL_INVALID: entry(
    'NET_URL_INVALID',
    'URL is invalid',
    (a) => `"${s(a.url)}" cannot be fetched: ${s(a.detail)}.`,
    () => 'Use an absolute http: or https: URL.',
  ),
  NPM_COMMAND_FAILED: entry(
    'NPM_COMMAND_FAILED',
    'npm command failed',
    (a) => `\`npm ${s(a.args)}\` failed (exit ${s(a.code)}): ${s(a.detail)}.`,
    () =>
      'Check the registry (npm config get registry), your network and npm login; run the same npm command by hand to see its full output.',
  ),
  PACKAGE_NOT_INSTALLED: entry(
    'PACKAGE_NOT_INSTALLED',
    'Plugin package not installed',
    (a) => `"${s(a.plugin)}" is not ${s(a.detail, 'installed in this project')}.`,
    (a) =>
      `Add it first with \`stack-plugin add ${s(a.plugin)}\`, or check the name against stack.config.json.`,
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
  PERMISSION_NOT_GRANTED: entry(
    'PERMISSION_NOT_GRANTED',
    'Plugin asks for permissions that were not granted',
    (a) =>
      `"${s(a.plugin)}" asks for ${s(a.detail)}, which its entry in stack.config.json does not grant, so it was not loaded.`,
    (a) =>
      `Review the new permissions with \`stack-plugin update ${s(a.plugin)}\` (it asks for consent again), or go back to the version that was granted.`,
  ),
  PLUGIN_ACTIVATION_FAILED: entry(
    'PLUGIN_ACTIVATION_FAILED',
    'Plugin failed',
    (a) => `"${s(a.plugin)}" failed during ${s(a.phase, 'activation')}: ${s(a.detail)}.`,
    () => 'See the cause below; fix the plugin or disable it in stack.config.json.',
  ),
  PLUGIN_BUDGET_EXCEEDED: entry(
    'PLUGIN_BUDGET_EXCEEDED',
    'Plugin over a host budget',
    (a) =>
      `"${s(a.plugin)}" is over its "${s(a.budget)}" budget of ${s(a.limit)} (${s(a.detail)}), so this call was refused; the host and other plugins are unaffected.`,
    (a) =>
      `Write less or less often (batch, trim, delete state you no longer need); the host operator sets the budget as "policy.budgets.${s(a.budget)}" in stack.config.json.`,
  ),
  PLUGIN_CALL_FAILED: entry(
    'PLUGIN_CALL_FAILED',
    'Plugin handler failed',
    (a) => `"${s(a.plugin)}" failed in ${s(a.phase, 'a handler')}: ${s(a.detail)}.`,
    () => 'See the cause for the error the plugin threw; the host and other plugins keep running.',
  ),
  PLUGIN_CRASHED: entry(
    'PLUGIN_CRASHED',
    'Plugin crashed',
    (a) => `"${s(a.plugin)}" crashed${a.detail === undefined ? '' : `: ${s(a.detail)}`}.`,
    () =>
      "The host restarts crashed plugins with backoff and quarantines them after repeated crashes; check the plugin's logs.",
  ),
  PLUGIN_DUPLICATE: entry(
    'PLUGIN_DUPLICATE',
    'Plugin loaded twice',
    (a) => `A plugin named "${s(a.plugin)}" is already loaded (from ${s(a.dir)}).`,
    () => 'List each plugin once in stack.config.json, or unload the loaded one first.',
  ),
  PLUGIN_MESSAGE_REJECTED: entry(
    'PLUGIN_MESSAGE_REJECTED',
    'Sandbox message rejected',
    (a) => `The host rejected a message from sandboxed plugin "${s(a.plugin)}": ${s(a.detail)}.`,
    () =>
      'Send only structured-clonable data without "__proto__", "constructor" or "prototype" keys, within the size and depth limits.',
  ),
  PLUGIN_NOT_ACTIVE: entry(
    'PLUGIN_NOT_ACTIVE',
    'Plugin is not active',
    (a) => `"${s(a.plugin)}" is not active: ${s(a.detail)}.`,
    () =>
      'Stop timers and pending work when ctx.signal aborts; a deactivated plugin can no longer use its capabilities.',
  ),
  PLUGIN_NOT_FOUND: entry(
    'PLUGIN_NOT_FOUND',
    'Plugin not found',
    (a) => `No plugin named "${s(a.plugin)}" is loaded.`,
    () => 'Check the name in stack.config.json and that the plugin is installed.',
  ),
  PLUGIN_QUARANTINED: entry(
    'PLUGIN_QUARANTINED',
    'Plugin quarantined',
    (a) =>
      `"${s(a.plugin)}" crashed ${s(a.crashes)} times within ${s(a.windowMs)} ms and was quarantined: the host no longer restarts or calls it.`,
    () =>
      "Read the plugin's crash reports in the host log, fix or update the plugin, then reload it.",
  ),
  PLUGIN_RATE_LIMITED: entry(
    'PLUGIN_RATE_LIMITED',
    'Plugin rate limited',
    (a) =>
      `"${s(a.plugin)}" made capability calls faster than the host allows (${s(a.detail)}), so this call was refused.`,
    () => 'Batch the work, or slow the plugin down; other plugins are not affected.',
  ),
  PLUGIN_STILL_REQUIRED: entry(
    'PLUGIN_STILL_REQUIRED',
    'Plugin is still required',
    (a) =>
      `"${s(a.plugin)}" cannot be removed: the configured plugin "${s(a.dependent)}" requires it (${s(a.range)}) and would fail to start.`,
    (a) => `Remove "${s(a.dependent)}" first, or drop "${s(a.plugin)}" from its "requires".`,
  ),
  PLUGIN_TIMEOUT: entry(
    'PLUGIN_TIMEOUT',
    'Plugin timed out',
    (a) => `"${s(a.plugin)}" did not finish ${s(a.phase, 'the call')} within ${s(a.timeoutMs)} ms.`,
    () =>
      'Make the handler faster, honour ctx.signal, or raise "limits.timeoutMs" in the manifest (within the host policy).',
  ),
  PLUGIN_UPDATE_ROLLED_BACK: entry(
    'PLUGIN_UPDATE_ROLLED_BACK',
    'Plugin update rolled back',
    (a) =>
      `Updating "${s(a.plugin)}" from ${s(a.from)} to ${s(a.to)} failed (${s(a.detail)}), so ${s(a.from)} was restored.`,
    () =>
      'The previous version is installed and configured again. See the cause; pin a working range in package.json or fix the plugin before updating again.',
  ),
  SCAFFOLD_ADD_REJECTED: entry(
    'SCAFFOLD_ADD_REJECTED',
    'Addition to a plugin project rolled back',
    (a) => `Adding ${s(a.what)} to ${s(a.dir)} was rolled back: ${s(a.detail)}.`,
    () =>
      'Every file is as it was before. Fix what is named (an id such as "greet.hello": a letter first, then letters, digits and single ".", "-" or "_"), then run the command again.',
  ),
  SCAFFOLD_ANSWERS_MISSING: entry(
    'SCAFFOLD_ANSWERS_MISSING',
    'Scaffolder answers missing without a terminal',
    (a) =>
      `create-stack-plugin cannot ask questions here (${s(a.reason, 'no terminal')}) and these answers were not given as flags: ${s(a.flags)}.`,
    () =>
      'Pass those flags, or add --yes to take the defaults for the rest, e.g. `npm create stack-plugin my-plugin -- --template micro --yes`.',
  ),
  SCAFFOLD_BAD_USAGE: entry(
    'SCAFFOLD_BAD_USAGE',
    'Bad scaffolder usage',
    (a) => `${s(a.detail, 'create-stack-plugin was called with invalid arguments')}.`,
    () => 'Run `npm create stack-plugin -- --help` to see every flag and its accepted values.',
  ),
  SCAFFOLD_CANCELLED: entry(
    'SCAFFOLD_CANCELLED',
    'Scaffolding cancelled',
    () => 'Scaffolding was cancelled before the project was written.',
    () => 'Nothing was written; run the command again when ready.',
  ),
  SCAFFOLD_FILE_CONFLICT: entry(
    'SCAFFOLD_FILE_CONFLICT',
    'Scaffolder would overwrite files',
    (a) =>
      `${s(a.dir)} already holds files the template would write (${s(a.files)}), and existing files are never overwritten.`,
    () =>
      'Nothing was written. Move or rename those files, or choose another folder; --force only adds files next to yours.',
  ),
  SCAFFOLD_NAME_INVALID: entry(
    'SCAFFOLD_NAME_INVALID',
    'Invalid package name',
    (a) => `"${s(a.name)}" cannot be used as a package name: ${s(a.detail)}.`,
    (a) =>
      a.suggestion === undefined
        ? 'Use lowercase letters, digits and dashes, optionally scoped (@scope/name); pass it with --name.'
        : `Use a lowercase, URL-safe name such as "${s(a.suggestion)}"; pass it with --name.`,
  ),
  SCAFFOLD_NODE_UNSUPPORTED: entry(
    'SCAFFOLD_NODE_UNSUPPORTED',
    'Node.js too old for the scaffolder',
    (a) => `Node.js ${s(a.version)} is too old: Stack plugins need Node.js ${s(a.range)}.`,
    () =>
      'Install Node.js 22.12 or later (for example `nvm install 22`), then run the command again.',
  ),
  SCAFFOLD_NOT_A_PLUGIN: entry(
    'SCAFFOLD_NOT_A_PLUGIN',
    'Not a Stack plugin project',
    (a) => `${s(a.dir)} is not a Stack plugin project: ${s(a.detail)}.`,
    () =>
      'Run `create-stack-plugin add` in the folder that holds stack-plugin.json and package.json (or pass --dir <folder>).',
  ),
  SCAFFOLD_PATH_UNSAFE: entry(
    'SCAFFOLD_PATH_UNSAFE',
    'Unsafe project folder',
    (a) => `"${s(a.dir)}" cannot be used as the project folder: ${s(a.detail)}.`,
    () =>
      'Pass a folder such as my-plugin, ../plugins/my-plugin or an absolute path, with portable names and no symbolic links on the way.',
  ),
  SCAFFOLD_STEP_FAILED: entry(
    'SCAFFOLD_STEP_FAILED',
    'Scaffolder follow-up step failed',
    (a) => `The project in ${s(a.dir)} is complete, but ${s(a.step)} failed: ${s(a.detail)}.`,
    (a) =>
      `Run \`${s(a.command)}\` inside ${s(a.dir)} yourself; the generated files are unaffected.`,
  ),
  SCAFFOLD_TARGET_NOT_EMPTY: entry(
    'SCAFFOLD_TARGET_NOT_EMPTY',
    'Project folder is not empty',
    (a) => `${s(a.dir)} is not empty: it holds ${s(a.entries)}.`,
    () =>
      'Choose another folder or empty this one; --force adds the project next to the existing files but never overwrites any.',
  ),
  SCAFFOLD_WRITE_FAILED: entry(
    'SCAFFOLD_WRITE_FAILED',
    'Project could not be written',
    (a) => `The project could not be written to ${s(a.dir)}: ${s(a.detail)}.`,
    () =>
      'Nothing was left behind. Check that the parent folder is writable and the disk has space, then run the command again.',
  ),
  SCHEMA_PATTERN_INPUT_TOO_LONG: entry(
    'SCHEMA_PATTERN_INPUT_TOO_LONG',
    'String too long to match against a pattern',
    (a) =>
      `A string of ${s(a.length)} characters was to be matched against the pattern "${s(a.pattern)}"${a.plugin === undefined ? '' : ` of "${s(a.plugin)}"`}, but plugin patterns are matched against at most ${s(a.limit)} characters, so the value is refused.`,
    () =>
      'Send a shorter value, or give the schema a "maxLength" that fits the pattern; long free text should not need a pattern.',
  ),
  SCHEMA_PATTERN_UNSUPPORTED: entry(
    'SCHEMA_PATTERN_UNSUPPORTED',
    'Pattern cannot run in linear time',
    (a) =>
      `The pattern "${s(a.pattern)}"${a.plugin === undefined ? '' : ` of "${s(a.plugin)}"`} is refused: ${s(a.detail)}. Plugin patterns run on a linear-time (RE2) engine so that no input can freeze the host.`,
    () =>
      'Rewrite the pattern without backreferences (\\1) or lookaround ((?=, (?!, (?<=, (?<!), and keep repetition counts small; check it with `stack-plugin validate`.',
  ),
  SIGNATURE_INVALID: entry(
    'SIGNATURE_INVALID',
    'Signature does not verify',
    (a) =>
      `The signature by ${s(a.key)} on "${s(a.plugin)}" does not verify against its integrity manifest, so the manifest or the signature was altered.`,
    () =>
      'Do not load this copy: reinstall the package from its registry, or sign it again with `stack-plugin sign --key <private key>`.',
  ),
  SIGNATURE_KEY_INVALID: entry(
    'SIGNATURE_KEY_INVALID',
    'Signing key is invalid',
    (a) => `${s(a.what, 'The key')} is not a usable ed25519 key: ${s(a.detail)}.`,
    () =>
      'Use a PEM ed25519 key from `stack-plugin keygen` (private key to sign; public key, or its "ed25519:<base64url>" form, to trust).',
  ),
  SIGNATURE_MISSING: entry(
    'SIGNATURE_MISSING',
    'Plugin is not signed',
    (a) =>
      `"${s(a.plugin)}" is not signed (${s(a.detail, 'its integrity manifest has no signature')}), but the host policy requires signatures.`,
    () =>
      'Install a signed release, or have the author run `stack-plugin pack --key <private key>`; to allow unsigned plugins, set "policy.requireSignatures" to false.',
  ),
  SIGNATURE_UNTRUSTED: entry(
    'SIGNATURE_UNTRUSTED',
    'Signed by an untrusted key',
    (a) =>
      `"${s(a.plugin)}" is signed only by ${s(a.keys)}, which is not among the ${s(a.count)} trusted key(s) of the host policy.`,
    (a) =>
      `If you trust the author, add "${s(a.key)}" to "policy.trustedKeys" in stack.config.json (or pass --trusted to \`stack-plugin verify\`).`,
  ),
  STATE_VALUE_INVALID: entry(
    'STATE_VALUE_INVALID',
    'State value cannot be stored',
    (a) => `The value for "${s(a.key)}" cannot be stored: ${s(a.detail)}.`,
    () =>
      'Store structured-clonable data (no functions, symbols or class instances with private state).',
  ),
  TARBALL_INVALID: entry(
    'TARBALL_INVALID',
    'Package tarball refused',
    (a) => `The package tarball was refused: ${s(a.detail)}.`,
    () =>
      'A package tarball holds only regular files under one top folder, with relative paths and within the size limits. Pack it again with `stack-plugin pack` (or `npm pack`) and do not install this copy.',
  ),
  TEMPLATE_UNRESOLVED: entry(
    'TEMPLATE_UNRESOLVED',
    'Template placeholder has no value',
    (a) =>
      `\`\${${s(a.expression)}}\` has no value${a.detail === undefined ? '' : `: ${s(a.detail)}`}.`,
    () =>
      'Check the placeholder path; a step output is available as `$' +
      '{steps.<id>.output.<key>}` once the step is listed in "needs".',
  ),
  TEST_EXEC_NOT_FAKED: entry(
    'TEST_EXEC_NOT_FAKED',
    'Program has no fake in the test host',
    (a) =>
      `The plugin ran "${s(a.command)}", but the test host has no fake for it, so nothing was run.`,
    (a) =>
      `Add a fake: createTestHost({ exec: { '${s(a.command)}': (args) => ({ stdout: '' }) } }), or stop the plugin from running it.`,
  ),
  TEST_NET_NO_ROUTE: entry(
    'TEST_NET_NO_ROUTE',
    'Request has no route in the test host',
    (a) =>
      `${s(a.method)} ${s(a.url)} has no route in the test host, so it was not answered${a.permission === undefined ? '' : ` (the plugin may reach it through "${s(a.permission)}")`}.`,
    (a) =>
      `Add a route: createTestHost({ net: { routes: { '${s(a.method)} ${s(a.url)}': { status: 200, body: '' } } } }).`,
  ),
  TEST_RUNNER_NOT_FOUND: entry(
    'TEST_RUNNER_NOT_FOUND',
    'Test runner not installed',
    (a) =>
      `${s(a.what, 'vitest')} could not be found from ${s(a.dir)}, so the plugin's tests cannot run.`,
    () =>
      'Install the test tools in the plugin project: `npm install -D vitest @stack-plugin/test-harness`.',
  ),
  TEST_SCHEMA_NOT_GENERATABLE: entry(
    'TEST_SCHEMA_NOT_GENERATABLE',
    'No values can be generated from a JSON Schema',
    (a) =>
      `No value could be generated for the JSON Schema at ${s(a.schemaPath, '#')}: ${s(a.detail, 'generated values kept failing validation')} (keyword "${s(a.keyword)}").`,
    (a) =>
      `Check that "${s(a.keyword)}" at ${s(a.schemaPath, '#')} can be satisfied together with the keywords beside it; if it can, give the values yourself (for example with fc.constantFrom) instead of arbitraryFromSchema.`,
  ),
  TEST_UNEXPECTED_CALLS: entry(
    'TEST_UNEXPECTED_CALLS',
    'Unexpected capability calls in a test',
    (a) => `The test host saw ${s(a.count)} unexpected call(s): ${s(a.detail)}.`,
    () =>
      'Add the missing routes or exec fakes, declare the permission the plugin really needs, or expect the denial with `expect(host).toHaveBeenDeniedPermission(...)`.',
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
  WORKFLOW_CANCELLED: entry(
    'WORKFLOW_CANCELLED',
    'Workflow cancelled',
    (a) =>
      `Workflow "${s(a.workflow)}" was cancelled${a.step === undefined ? '' : ` while step "${s(a.step)}" ran`}.`,
    () => 'The caller aborted the run; start it again when needed.',
  ),
  WORKFLOW_INVALID: entry(
    'WORKFLOW_INVALID',
    'Workflow definition is invalid',
    (a) => `Workflow "${s(a.workflow)}" is invalid: ${s(a.detail)}.`,
    () =>
      'Fix the definition in "contributes.workflows" or the host config: unique step ids, "needs" naming existing steps, and no cycles.',
  ),
  WORKFLOW_STEP_FAILED: entry(
    'WORKFLOW_STEP_FAILED',
    'Workflow step failed',
    (a) =>
      `Step "${s(a.step)}" of workflow "${s(a.workflow)}" failed after ${s(a.attempts)} attempt(s): ${s(a.detail)}.`,
    () => 'See the cause; add "retries" for transient failures, or mark the step "optional".',
  ),
  WORKFLOW_STEP_TIMEOUT: entry(
    'WORKFLOW_STEP_TIMEOUT',
    'Workflow step timed out',
    (a) =>
      `Step "${s(a.step)}" of workflow "${s(a.workflow)}" did not finish within ${s(a.timeoutMs)} ms.`,
    () => 'Raise the step\'s "timeoutMs", or make the step faster and honour its signal.',
  ),
  WORKFLOW_USES_FOREIGN: entry(
    'WORKFLOW_USES_FOREIGN',
    "Workflow step uses another plugin's contribution",
    (a) =>
      `Workflow "${s(a.workflow)}" of "${s(a.plugin)}" uses "${s(a.ref)}", which names a contribution of "${s(a.plugin)}" itself, but ${a.owner === undefined ? 'no active plugin registers it' : `it is registered by "${s(a.owner)}"`}.`,
    () =>
      'In a plugin\'s workflow "<kind>:<id>" names that plugin\'s own contribution; to run a command of another plugin, write its bare id.',
  ),
} as const satisfies Record<string, ErrorCatalogEntry>;

/** A code from the error catalog. */
export type ErrorCode = keyof typeof errorCatalog;
