import { CONTRIBUTION_NOUNS, type ContributionKindName, defineErrors } from '@stack-plugin/pdk';

/**
 * The host's error codes: configuration, the dependency graph, the plugin lifecycle, sandboxes,
 * contributions and workflows. (Capability-call outcomes such as `PERMISSION_DENIED` or
 * `FS_NOT_FOUND` belong to the contract, in `pdkErrors`.) Codes are permanent; keep them sorted.
 */
export const hostErrors = defineErrors({
  CAPABILITY_UNKNOWN: {
    title: 'Plugin asks for a capability this host does not define',
    message: (a: {
      plugin: string;
      capability: string;
      permission: string;
      known: readonly string[];
    }) =>
      `"${a.plugin}" asks for "${a.permission}", a permission of the host capability "${a.capability}", which this host does not define${a.known.length === 0 ? ' (it defines none)' : ` (it defines ${a.known.map((k) => `"${k}"`).join(', ')})`}, so it was not loaded.`,
    hint: "Load the plugin in a host that defines the capability (createHost({ capabilities })), or check the spelling of the permission against the host's descriptor.",
  },
  CHAIN_INVALID: {
    title: 'Micro-plugin chain is invalid',
    message: (a: { at?: string; detail: string }) =>
      `The chain is invalid at ${a.at ?? 'its root'}: ${a.detail}.`,
    hint: 'Each chain node is a contribution reference ("transformers:<id>" or { use }), { sequence: [...] }, { parallel: [...] | {...} } or { if, then, else? }.',
  },
  CONFIG_INVALID: {
    title: 'Plugin configuration is invalid',
    message: (a: { plugin: string; detail: string }) =>
      `The configuration of "${a.plugin}" does not match its schema: ${a.detail}.`,
    hint: 'Fix the value in stack.config.json, the environment override or the runtime parameter; the plugin manifest\'s "config" schema lists what is accepted.',
  },
  CONSOLE_FORBIDDEN: {
    title: 'Console request refused: not from this machine or from a foreign page',
    message: (a: { detail: string }) => `The operations console refused the request: ${a.detail}.`,
    hint: 'Open the console from the URL it printed (http://127.0.0.1:<port>/?token=...) in a browser on this machine; pages of other sites cannot call it, and it answers loopback connections only.',
  },
  CONSOLE_LISTEN_FAILED: {
    title: 'Console could not listen',
    message: (a: { address: string; detail: string }) =>
      `The operations console could not listen on ${a.address} (${a.detail}).`,
    hint: 'Choose a free port with --port (0, the default, picks one and prints it), or stop what is using that port.',
  },
  CONSOLE_METHOD_NOT_ALLOWED: {
    title: 'Console route takes another method',
    message: (a: { method: string; path: string; allowed: string }) =>
      `The operations console does not accept ${a.method} on ${a.path}; it takes ${a.allowed}.`,
    hint: 'Changes (enable, disable, reload) are POST requests; everything else is GET.',
  },
  CONSOLE_NOT_FOUND: {
    title: 'No such console route',
    message: (a: { path: string }) => `The operations console has nothing at ${a.path}.`,
    hint: 'The console serves its page at its root and its data under api/ (state, audit, plugins/<name>/enable|disable|reload) and metrics.',
  },
  CONSOLE_UNAUTHORIZED: {
    title: 'Console request without its token',
    message: () =>
      'The operations console refused a request that did not carry its token (or carried another one).',
    hint: 'Open the URL the console printed, with its ?token=...; scripts send the token in the x-stack-console-token header. A new console run has a new token.',
  },
  CONTRIBUTION_CONFLICT: {
    title: 'Two plugins register the same contribution',
    message: (a: { plugin: string; kind: string; id: string; owner: string }) =>
      `"${a.plugin}" cannot register ${a.kind} "${a.id}": "${a.owner}" already registered it.`,
    hint: 'Give the contribution a unique id (prefix it with the plugin name), or disable one of the plugins.',
  },
  CONTRIBUTION_NOT_DECLARED: {
    title: 'Contribution not declared in the manifest',
    message: (a: { plugin: string; kind: string; id: string }) =>
      `"${a.plugin}" registered "${a.id}", which is not declared in "contributes.${a.kind}" of its manifest, so the host refuses it.`,
    hint: (a) => `Add { "id": "${a.id}" } to "contributes.${a.kind}" in stack-plugin.json.`,
  },
  CONTRIBUTION_NOT_FOUND: {
    title: 'Contribution not found',
    message: (a: { kind: ContributionKindName; id: string }) =>
      `No ${CONTRIBUTION_NOUNS[a.kind]} "${a.id}" is registered by an active plugin.`,
    hint: (a) =>
      `Check the id against the plugins' "contributes.${a.kind}" and that the plugin providing it is enabled and registers it in activate().`,
  },
  DB_CONFIG_INVALID: {
    title: 'Database setting is not usable',
    message: (a: { detail: string }) => `The host's database is not usable: ${a.detail}.`,
    hint: 'For PostgreSQL, set "db": { "url": "postgres://user:password@host:port/database" } in stack.config.json with a role that may create roles and schemas (the password may also come from PGPASSWORD); without "db", SQLite needs Node 24 or later.',
  },
  DB_MIGRATION_CHANGED: {
    title: 'Applied migration was changed',
    message: (a: {
      plugin?: string;
      migration: string;
      database: string;
      recorded: string;
      actual: string;
    }) =>
      `The migration "${a.migration}" of database "${a.database}" differs from the one applied earlier (recorded checksum ${a.recorded}, file ${a.actual}); applied migrations never run again.`,
    hint: 'Restore the applied file and put the change in a new migration with a higher number.',
  },
  DB_MIGRATION_FAILED: {
    title: 'Migration failed',
    message: (a: { plugin?: string; migration: string; database: string; detail: string }) =>
      `The migration "${a.migration}" of database "${a.database}" failed and was rolled back: ${a.detail}.`,
    hint: 'Fix the SQL of that migration (it runs on the engine the host uses: SQLite by default, PostgreSQL when stack.config.json sets "db").',
  },
  DEPENDENCY_CYCLE: {
    title: 'Plugins require each other in a cycle',
    message: (a: { cycle: string; plugins?: readonly string[]; subject?: string }) =>
      `${a.subject ?? 'Plugins'} require each other in a cycle: ${a.cycle}.`,
    hint: 'Remove one of the "requires" entries in the cycle, or merge the plugins.',
  },
  DEPENDENCY_FAILED: {
    title: 'A required plugin failed',
    message: (a: { plugin: string; dependency: string }) =>
      `"${a.plugin}" was not activated because the plugin it requires, "${a.dependency}", failed.`,
    hint: (a) => `Fix "${a.dependency}" first; its own error says why it failed.`,
  },
  DEPENDENCY_MISSING: {
    title: 'A required plugin is missing',
    message: (a: { plugin: string; dependency: string; range: string }) =>
      `"${a.plugin}" requires "${a.dependency}" (${a.range}), which is not configured.`,
    hint: (a) => `Add "${a.dependency}" to stack.config.json, or remove it from "requires".`,
  },
  DEPENDENCY_VERSION_MISMATCH: {
    title: 'A required plugin has the wrong version',
    message: (a: { plugin: string; dependency: string; range: string; version: string }) =>
      `"${a.plugin}" requires "${a.dependency}" ${a.range}, but version ${a.version} is configured.`,
    hint: (a) => `Install a version of "${a.dependency}" that satisfies ${a.range}.`,
  },
  GRANT_INVALID: {
    title: 'Grant narrowing is invalid',
    message: (a: { plugin: string; problems: readonly string[] }) =>
      `The grants of "${a.plugin}" cannot be applied: ${a.problems.join('; ')}.`,
    hint: 'A "grant" entry narrows a permission kind the manifest asks for ("fs:read:data/**" for "fs:read:**"); a "deny" entry is a permission kind ("net") or a permission. Fix the plugin\'s entry in stack.config.json (or the host.setGrants call).',
  },
  HOOK_VETOED: {
    title: 'A hook refused the call',
    message: (a: {
      plugin: string;
      hook: string;
      point: string;
      target: string;
      detail: string;
      reason?: string;
    }) => `Hook "${a.hook}" of "${a.plugin}" vetoed ${a.target} (${a.point}): ${a.detail}.`,
    hint: "The hook's plugin refused it on purpose; the cause holds its own error and code. Change the input, or disable the plugin contributing the hook.",
  },
  HOST_EVENT_UNKNOWN: {
    title: 'No such host event',
    message: (a: { type: string; known: readonly string[] }) =>
      `host.on() has no event "${a.type}"; it has ${a.known.map((k) => `"${k}"`).join(', ')}.`,
    hint: 'Use one of the listed types; `HOST_EVENT_TYPES` lists them, and the `HostEventType` type checks them at compile time.',
  },
  HOST_INCOMPATIBLE: {
    title: 'Plugin needs another host API version',
    message: (a: { plugin: string; range: string; version: string }) =>
      `"${a.plugin}" needs host API ${a.range}, but this host provides ${a.version}.`,
    hint: 'Upgrade the host, or install a version of the plugin built for this host.',
  },
  HOST_STARTUP_FAILED: {
    title: 'Some plugins failed to start',
    message: (a: { count: number; plugins: readonly string[] }) =>
      `${a.count} plugin(s) failed to start: ${a.plugins.map((p) => `"${p}"`).join(', ')}.`,
    hint: 'The other plugins are running. Fix or disable each failing plugin: the errors listed with this one (`errors`) say why and how.',
  },
  OPTIONAL_DEPENDENCY_MISSING: {
    title: 'Optional dependency not installed',
    message: (a: { package: string; range: string; feature: string }) =>
      `${a.feature} needs ${a.package}, an optional dependency of the host that is not installed.`,
    hint: (a) => `Install it beside the host: \`npm install ${a.package}@${a.range}\`.`,
  },
  PERMISSION_NOT_GRANTED: {
    title: 'Plugin asks for permissions that were not granted',
    message: (a: { plugin: string; permissions: readonly string[] }) =>
      `"${a.plugin}" asks for ${a.permissions.map((p) => `"${p}"`).join(', ')}, which its entry in stack.config.json does not grant, so it was not loaded.`,
    hint: (a) =>
      `Review the new permissions with \`stack-plugin update ${a.plugin}\` (it asks for consent again), or go back to the version that was granted.`,
  },
  PLUGIN_ACTIVATION_FAILED: {
    title: 'Plugin failed',
    message: (a: { plugin: string; phase?: string; detail: string }) =>
      `"${a.plugin}" failed during ${a.phase ?? 'activation'}: ${a.detail}.`,
    hint: (a) =>
      `After the colon is what the plugin threw: fix the plugin, or turn it off with \`stack-plugin disable ${a.plugin}\` (it stays in stack.config.json, validated but not activated).`,
  },
  PLUGIN_BUDGET_EXCEEDED: {
    title: 'Plugin over a host budget',
    message: (a: { plugin: string; budget: string; limit: number; detail: string }) =>
      `"${a.plugin}" is over its "${a.budget}" budget of ${a.limit} (${a.detail}), so this call was refused; the host and other plugins are unaffected.`,
    hint: (a) =>
      `Write less or less often (batch, trim, delete state you no longer need); the host operator sets the budget as "policy.budgets.${a.budget}" in stack.config.json.`,
  },
  PLUGIN_CALL_FAILED: {
    title: 'Plugin handler failed',
    message: (a: { plugin: string; phase?: string; detail: string }) =>
      `"${a.plugin}" failed in ${a.phase ?? 'a handler'}: ${a.detail}.`,
    hint: 'After the colon is the error the plugin threw: fix it in the plugin, or the input that caused it; the host and other plugins keep running.',
  },
  PLUGIN_CRASHED: {
    title: 'Plugin crashed',
    message: (a: { plugin: string; detail?: string }) =>
      `"${a.plugin}" crashed${a.detail === undefined ? '' : `: ${a.detail}`}.`,
    hint: "The host restarts crashed plugins with backoff and quarantines them after repeated crashes; check the plugin's logs.",
  },
  PLUGIN_DUPLICATE: {
    title: 'Plugin loaded twice',
    message: (a: { plugin: string; dir: string }) =>
      `A plugin named "${a.plugin}" is already loaded (from ${a.dir}).`,
    hint: 'List each plugin once in stack.config.json, or unload the loaded one first.',
  },
  PLUGIN_MESSAGE_REJECTED: {
    title: 'Sandbox message rejected',
    message: (a: { plugin: string; detail: string }) =>
      `The host rejected a message from sandboxed plugin "${a.plugin}": ${a.detail}.`,
    hint: 'Send only structured-clonable data without "__proto__", "constructor" or "prototype" keys, within the size and depth limits.',
  },
  PLUGIN_NOT_ACTIVE: {
    title: 'Plugin is not active',
    message: (a: { plugin: string; detail: string }) => `"${a.plugin}" is not active: ${a.detail}.`,
    hint: 'Stop timers and pending work when ctx.signal aborts; a deactivated plugin can no longer use its capabilities.',
  },
  PLUGIN_NOT_FOUND: {
    title: 'Plugin not found',
    message: (a: { plugin: string }) => `No plugin named "${a.plugin}" is loaded.`,
    hint: 'Check the name in stack.config.json and that the plugin is installed.',
  },
  PLUGIN_QUARANTINED: {
    title: 'Plugin quarantined',
    message: (a: { plugin: string; crashes: number; windowMs: number }) =>
      `"${a.plugin}" crashed ${a.crashes} times within ${a.windowMs} ms and was quarantined: the host no longer restarts or calls it.`,
    hint: "Read the plugin's crash reports in the host log, fix or update the plugin, then reload it.",
  },
  PLUGIN_RATE_LIMITED: {
    title: 'Plugin rate limited',
    message: (a: { plugin: string; detail: string }) =>
      `"${a.plugin}" made capability calls faster than the host allows (${a.detail}), so this call was refused.`,
    hint: 'Batch the work, or slow the plugin down; other plugins are not affected.',
  },
  PLUGIN_TIMEOUT: {
    title: 'Plugin timed out',
    message: (a: { plugin: string; phase?: string; timeoutMs: number }) =>
      `"${a.plugin}" did not finish ${a.phase ?? 'the call'} within ${a.timeoutMs} ms.`,
    hint: 'Make the handler faster, honour ctx.signal, or raise "limits.timeoutMs" in the manifest (within the host policy).',
  },
  POLICY_ISOLATION_TOO_LOW: {
    title: 'Plugin runs below the isolation its risk requires',
    message: (a: { plugin: string; risk: string; isolation: string; required: string }) =>
      `"${a.plugin}" asks for ${a.risk}-risk permissions and would run at isolation "${a.isolation}", but the host policy ("policy.isolationByRisk") requires "${a.required}" for that risk, so it was not loaded.`,
    hint: (a) =>
      `Set "isolation": "${a.required}" on the plugin's entry in stack.config.json (or raise "policy.minIsolation"), after checking that the plugin works there.`,
  },
  POLICY_PLUGIN_DENIED: {
    title: 'Host policy does not allow this plugin',
    message: (a: { plugin: string; list: 'allow' | 'deny'; pattern?: string }) =>
      a.list === 'deny'
        ? `"${a.plugin}" matches "${a.pattern}" in "policy.plugins.deny", so the host refuses it.`
        : `"${a.plugin}" matches nothing in "policy.plugins.allow", so the host refuses it.`,
    hint: 'Remove the plugin from stack.config.json, or ask the host operator to change "policy.plugins" (stack-plugin policy check lists what the policy refuses).',
  },
  POLICY_PUBLISHER_DENIED: {
    title: 'Host policy does not allow this publisher',
    message: (a: {
      plugin: string;
      list: 'allow' | 'deny';
      signers: readonly string[];
      key?: string;
    }) =>
      a.list === 'deny'
        ? `"${a.plugin}" is signed by key ${a.key}, which "policy.publishers.deny" refuses.`
        : a.signers.length === 0
          ? `"${a.plugin}" carries no valid signature, but "policy.publishers.allow" admits only plugins signed by its keys.`
          : `"${a.plugin}" is signed only by ${a.signers.join(', ')}, none of which "policy.publishers.allow" lists.`,
    hint: 'Install a version signed by an allowed publisher (stack-plugin verify shows who signed a package), or ask the host operator to change "policy.publishers".',
  },
  POLICY_RISK_EXCEEDED: {
    title: 'Plugin asks for riskier permissions than the policy allows',
    message: (a: { plugin: string; risk: string; max: string; permissions: readonly string[] }) =>
      `"${a.plugin}" asks for ${a.permissions.map((p) => `"${p}"`).join(', ')} (risk ${a.risk}), above the highest risk the host policy allows it ("${a.max}" in "policy.maxRisk").`,
    hint: 'Narrow the permissions in the plugin (stack-plugin validate rates each one), or ask the host operator to raise "policy.maxRisk" for this plugin.',
  },
  TEMPLATE_UNRESOLVED: {
    title: 'Template placeholder has no value',
    message: (a: { expression: string; detail?: string }) =>
      `\`\${${a.expression}}\` has no value${a.detail === undefined ? '' : `: ${a.detail}`}.`,
    hint:
      'Check the placeholder path; a step output is available as `$' +
      '{steps.<id>.output.<key>}` once the step is listed in "needs".',
  },
  UNKNOWN_COMMAND: {
    title: 'Unknown command',
    message: (a: { command: string }) => `No command "${a.command}" is registered.`,
    hint: 'Check the id against the plugins\' "contributes.commands"; `stack-plugin run --help` lists how to call one.',
  },
  WORKFLOW_CANCELLED: {
    title: 'Workflow cancelled',
    message: (a: { workflow: string; step?: string }) =>
      `Workflow "${a.workflow}" was cancelled${a.step === undefined ? '' : ` while step "${a.step}" ran`}.`,
    hint: 'The caller aborted the run; start it again when needed.',
  },
  WORKFLOW_INVALID: {
    title: 'Workflow definition is invalid',
    message: (a: { workflow: string; detail: string }) =>
      `Workflow "${a.workflow}" is invalid: ${a.detail}.`,
    hint: 'Fix the definition in "contributes.workflows" or the host config: unique step ids, "needs" naming existing steps, and no cycles.',
  },
  WORKFLOW_STEP_FAILED: {
    title: 'Workflow step failed',
    message: (a: { workflow: string; step: string; attempts: number; detail: string }) =>
      `Step "${a.step}" of workflow "${a.workflow}" failed after ${a.attempts} attempt(s): ${a.detail}.`,
    hint: 'After the colon is the step\'s own error: fix its cause, add "retries" for transient failures, or mark the step "optional".',
  },
  WORKFLOW_STEP_TIMEOUT: {
    title: 'Workflow step timed out',
    message: (a: { workflow: string; step: string; timeoutMs: number }) =>
      `Step "${a.step}" of workflow "${a.workflow}" did not finish within ${a.timeoutMs} ms.`,
    hint: 'Raise the step\'s "timeoutMs", or make the step faster and honour its signal.',
  },
  WORKFLOW_USES_FOREIGN: {
    title: "Workflow step uses another plugin's contribution",
    message: (a: { workflow?: string; plugin: string; ref: string; owner?: string }) =>
      `${a.workflow === undefined ? 'A workflow' : `Workflow "${a.workflow}"`} of "${a.plugin}" uses "${a.ref}", which names a contribution of "${a.plugin}" itself, but ${a.owner === undefined ? 'no active plugin registers it' : `it is registered by "${a.owner}"`}.`,
    hint: 'In a plugin\'s workflow "<kind>:<id>" names that plugin\'s own contribution; to run a command of another plugin, write its bare id.',
  },
});
