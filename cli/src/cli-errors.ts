import { defineErrors } from '@stack-plugin/pdk';

/**
 * The `stack-plugin` command's own error codes: usage, building, testing and installing
 * plugins. Manifest, integrity and signature codes belong to the contract (`pdkErrors`), API
 * report and docs codes to `@stack-plugin/docs-gen`. Codes are permanent; keep them sorted.
 */
export const cliErrors = defineErrors({
  AUDIT_NOT_CONFIGURED: {
    title: 'No audit file configured',
    message: (a: { config: string }) =>
      `${a.config} has no "audit.file" entry, so the host keeps its capability audit in memory only and there is no file to read.`,
    hint: 'Add "audit": { "file": ".stack/audit.jsonl" } to the host config and start the host again, or pass --file to read a log written elsewhere.',
  },
  BAD_USAGE: {
    title: 'Bad command usage',
    message: (a: { detail?: string; command?: string }) =>
      `${a.detail ?? 'The command was called with invalid arguments'}.`,
    hint: (a) =>
      `Run \`stack-plugin ${a.command ?? '<command>'} --help\` to see the accepted arguments.`,
    exitCode: 2,
  },
  BUILD_ENTRY_NOT_FOUND: {
    title: 'Plugin source entry not found',
    message: (a: { plugin?: string; tried: readonly string[]; dir: string }) =>
      `"${a.plugin ?? a.dir}" has no source entry to build: none of ${a.tried.join(', ')} exists in ${a.dir}.`,
    hint: 'Create src/index.ts with `export default definePlugin({...})`, or point the "source" condition of package.json "exports" "." at the entry file.',
  },
  BUILD_FAILED: {
    title: 'Plugin build failed',
    message: (a: { plugin?: string; location: string; detail: string }) =>
      `Building "${a.plugin ?? 'the plugin'}" failed at ${a.location}: ${a.detail}.`,
    hint: 'Fix the code at the location named (file:line:column), then build again.',
  },
  BUILD_FORBIDDEN_IMPORT: {
    title: 'Plugin code needs what a sandbox cannot give',
    message: (a: { plugin?: string; location: string; what: string; more: string }) =>
      `${a.location} ${a.what} in "${a.plugin ?? 'the plugin'}"${a.more}, which cannot run under "limited" or "strict" isolation: there a plugin is one self-contained file without Node built-ins, require, process or dynamic imports.`,
    hint: 'Use the capabilities on ctx instead (ctx.fs, ctx.net.fetch, ctx.env, ctx.exec, ctx.state), or a dependency that does not need Node; import your own modules statically so they are bundled.',
  },
  BUILD_SANDBOX_INCOMPATIBLE: {
    title: 'Plugin bundle would be refused by the sandbox',
    message: (a: { plugin?: string; location: string; what: string; more: string }) =>
      `The bundle of "${a.plugin ?? 'the plugin'}" contains ${a.what} (from ${a.location})${a.more}, which the sandbox refuses to evaluate even inside strings and comments.`,
    hint: 'Rewrite the text at that location (split such strings: "<" + "!--", "ev" + "al("; call eval indirectly: (0, eval)(code)); if it comes from a dependency, replace the dependency.',
  },
  CONSENT_DECLINED: {
    title: 'Permissions declined',
    message: (a: { plugin: string }) =>
      `Consent to the permissions of ${a.plugin} was declined; nothing was installed or changed.`,
    hint: 'Install it when you accept what it asks for, or ask its author for a version that needs fewer permissions; a host can also narrow what it grants with the config entry\'s "grant"/"deny".',
    exitCode: 2,
  },
  CONSENT_REQUIRED: {
    title: 'Permissions need consent',
    message: (a: { plugin: string; count: number; command?: string }) =>
      `${a.plugin} needs your consent to ${a.count} permission${a.count === 1 ? '' : 's'} and there is no terminal to ask.`,
    hint: (a) =>
      `Review the permissions listed above, then run \`stack-plugin ${a.command ?? 'add'}\` again and pass --accept-permissions (or --yes) to grant them.`,
    exitCode: 2,
  },
  INSTALL_SCRIPTS_REFUSED: {
    title: 'Package declares install scripts',
    message: (a: { plugin: string; scripts: readonly string[] }) =>
      `"${a.plugin}" declares install scripts (${a.scripts.join('; ')}); npm would run them with your user's rights as it installs the package, before any host check.`,
    hint: (a) =>
      `Nothing was installed. To install it anyway with its scripts left unrun, add "${a.plugin}" to "policy.allowInstallScripts" in stack.config.json; plugin authors: build before publishing instead of at install time.`,
  },
  MCP_ADDRESS_NOT_LOOPBACK: {
    title: 'MCP server address is not loopback',
    message: (a: { address: string }) =>
      `\`stack-plugin mcp --http\` was asked to listen on ${a.address}, which is not a loopback address: the server has no authentication, so anyone who can reach that address could call every served tool with the host's grants.`,
    hint: 'Listen on 127.0.0.1, ::1 or localhost (the default is 127.0.0.1); to reach the server from elsewhere, put an authenticating proxy or an SSH tunnel in front of it.',
  },
  MCP_LISTEN_FAILED: {
    title: 'MCP server could not listen',
    message: (a: { address: string; detail: string }) =>
      `\`stack-plugin mcp --http\` could not listen on ${a.address} (${a.detail}).`,
    hint: 'Choose a free port with --port (0 picks one and prints it), or stop what is using that port; the address must exist on this machine.',
  },
  MCP_TOOL_NAME_CONFLICT: {
    title: 'Two served contributions share a tool name',
    message: (a: { name: string; first: string; second: string }) =>
      `The MCP tool name "${a.name}" belongs to the ${a.first} and to the ${a.second}; a tool name must be unique, so the server cannot tell which to call.`,
    hint: 'Serve without --commands when a command shares its id with a skill, or leave one of the plugins out of stack.config.json (or rename the contribution in its manifest).',
  },
  NODE_UNSUPPORTED: {
    title: 'Node version too old',
    message: (a: { range: string; version: string; floor: string }) =>
      `stack-plugin needs Node ${a.range}; this is Node ${a.version}.`,
    hint: (a) =>
      `Install Node ${a.floor} or newer (nvm, fnm, volta or your package manager), then run it again.`,
  },
  NPM_COMMAND_FAILED: {
    title: 'npm command failed',
    message: (a: { args: readonly string[]; exit: number | 'spawn' | 'signal'; detail: string }) =>
      `\`npm ${a.args.join(' ')}\` failed (exit ${a.exit}): ${a.detail}.`,
    hint: 'Check the registry (npm config get registry), your network and npm login; run the same npm command by hand to see its full output.',
  },
  PACKAGE_NOT_INSTALLED: {
    title: 'Plugin package not installed',
    message: (a: { plugin: string; configFile?: string; cwd?: string }) =>
      `"${a.plugin}" is not ${a.configFile === undefined ? 'installed in this project' : `in ${a.configFile} nor installed in ${a.cwd ?? 'this project'}`}.`,
    hint: (a) =>
      `Add it first with \`stack-plugin add ${a.plugin}\`, or check the name against stack.config.json.`,
  },
  PLUGIN_NOT_CONFIGURED: {
    title: 'Plugin not in the host config',
    message: (a: {
      plugin: string;
      configFile: string;
      known: readonly string[];
      guess?: string;
    }) =>
      `"${a.plugin}" is not a plugin of ${a.configFile}: no entry names it and no discovered folder holds it${a.known.length === 0 ? ' (the config has no plugins)' : ''}.`,
    hint: (a) =>
      a.guess !== undefined
        ? `Did you mean "${a.guess}"? Configured plugins: ${a.known.join(', ')}.`
        : `${a.known.length === 0 ? '' : `Configured plugins: ${a.known.join(', ')}. `}Run \`stack-plugin list\` to see them, or \`stack-plugin add ${a.plugin}\` to install and configure it.`,
  },
  PLUGIN_STILL_REQUIRED: {
    title: 'Plugin is still required',
    message: (a: { plugin: string; dependent: string; range: string }) =>
      `"${a.plugin}" cannot be removed: the configured plugin "${a.dependent}" requires it (${a.range}) and would fail to start.`,
    hint: (a) => `Remove "${a.dependent}" first, or drop "${a.plugin}" from its "requires".`,
  },
  PLUGIN_UPDATE_ROLLED_BACK: {
    title: 'Plugin update rolled back',
    message: (a: { plugin: string; from: string; to: string; detail?: string }) =>
      `Updating "${a.plugin}" from ${a.from} to ${a.to} failed${a.detail === undefined ? '' : ` (${a.detail})`}, so ${a.from} was restored.`,
    hint: 'The previous version is installed and configured again. The error listed with this one says why the update failed; pin a working range in package.json or fix the plugin before updating again.',
  },
  TARBALL_INVALID: {
    title: 'Package tarball refused',
    message: (a: { detail: string }) => `The package tarball was refused: ${a.detail}.`,
    hint: 'A package tarball holds only regular files under one top folder, with relative paths and within the size limits. Pack it again with `stack-plugin pack` (or `npm pack`) and do not install this copy.',
  },
  TEST_RUNNER_NOT_FOUND: {
    title: 'Test runner not installed',
    message: (a: { what: string; dir: string }) =>
      `${a.what} could not be found from ${a.dir}, so the plugin's tests cannot run.`,
    hint: 'Install the test tools in the plugin project: `npm install -D vitest @stack-plugin/test-harness`.',
  },
  TOOL_NOT_INSTALLED: {
    title: 'Tool not installed',
    message: (a: { package: string; range: string; command: string }) =>
      `\`stack-plugin ${a.command}\` needs ${a.package}, which is not installed: the CLI leaves author tools (and the MCP server) out of host installs.`,
    hint: (a) =>
      `Install it beside the CLI: \`npm install --save-dev ${a.package}@${a.range}\` (plugin projects made by create-stack-plugin list the author tools already).`,
  },
  TYPEGEN_HOST_CAPABILITIES_INVALID: {
    title: 'Host capability descriptors cannot be read',
    message: (a: { module: string; detail: string }) =>
      `The host capability module "${a.module}" (package.json "stackPlugin.hostCapabilities") cannot be used: ${a.detail}.`,
    hint: 'Name a module (a package or a path relative to the plugin folder) that the host publishes, exporting its capability descriptors (defineCapability); install it as a dev dependency.',
  },
  UPGRADE_CONFIRMATION_REQUIRED: {
    title: 'Upgrade needs confirmation',
    message: (a: { changes: number }) =>
      `The upgrade would change ${a.changes} file${a.changes === 1 ? '' : 's'} and there is no terminal to ask for confirmation.`,
    hint: 'Run `stack-plugin upgrade --dry-run` to see the plan, then `stack-plugin upgrade --yes` to apply it.',
  },
  UPGRADE_NO_TEMPLATE_RECORD: {
    title: 'Project has no template record',
    message: (a: { dir: string; file: string }) =>
      `${a.dir} has no ${a.file}, so there is no record of the template version and files it was generated from.`,
    hint: 'Run `stack-plugin upgrade` in the root of a project made by `npm create stack-plugin` (the folder with package.json and .stack-plugin/). A project made by hand has nothing to upgrade from: compare it with a fresh `npm create stack-plugin` instead.',
  },
  UPGRADE_TARGET_TOO_NEW: {
    title: 'Upgrade target is newer than this CLI',
    message: (a: { target: string; cli: string }) =>
      `The upgrade to ${a.target} was asked of stack-plugin ${a.cli}, which does not know the migrations of versions after its own.`,
    hint: (a) =>
      `Run the newer CLI: \`npx @stack-plugin/cli@${a.target} upgrade\`, or choose a --to version up to ${a.cli}.`,
  },
  UPGRADE_TEMPLATE_RECORD_INVALID: {
    title: 'Template record is corrupt',
    message: (a: { file: string; detail: string }) => `${a.file} cannot be used: ${a.detail}.`,
    hint: 'Restore the file from version control (`git checkout -- .stack-plugin/template.json`); it is written by the scaffolder and by `stack-plugin upgrade`, never by hand.',
  },
  UPGRADE_UNCOMMITTED_CHANGES: {
    title: 'Project has uncommitted changes',
    message: (a: { dir: string; detail: string }) =>
      `${a.dir} ${a.detail}, so the changes of the upgrade could not be told apart from yours.`,
    hint: 'Commit or stash your changes first, so `git diff` shows exactly what the upgrade did; or pass --force to upgrade anyway.',
  },
  UPGRADE_VERSION_UNKNOWN: {
    title: 'Unknown template version',
    message: (a: { version: string; detail: string }) =>
      `Template version "${a.version}" cannot be used: ${a.detail}.`,
    hint: 'Pass --to with a released kit version (`npm view @stack-plugin/templates versions`); if the version is recorded in .stack-plugin/template.json, check that the registry (npm config get registry, or --registry) serves @stack-plugin/templates.',
  },
});
