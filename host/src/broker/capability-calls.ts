import {
  CALLABLE_KINDS,
  execRequest,
  normalizeWorkspacePath,
  tryParsePermission,
} from '@stack-plugin/pdk';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { TokenBucket } from '../sandbox/rpc-guard.js';
import { pluginStateScope, SHARED_STATE_SCOPE } from '../services/state-scopes.js';
import type { BrokerTools } from './_broker-tools.js';
import { argumentSize } from './check-payload.js';
import { budgetExceeded, DEFAULT_PLUGIN_BUDGETS } from './plugin-budgets.js';
import { stateQuota } from './state-quota.js';

/**
 * The broker's handler of one capability: performs `method` (already known to exist in the
 * capability's descriptor) for the plugin, after its permission check and audit record.
 * Returns a value or a promise; the broker wraps either.
 */
export type CapabilityCallHandler = (method: string, args: readonly unknown[]) => unknown;

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const CONTRIBUTION_KINDS: ReadonlySet<string> = new Set(CALLABLE_KINDS);

const budgetsOf = (tools: BrokerTools) => tools.deps.budgets?.() ?? DEFAULT_PLUGIN_BUDGETS;

/** `ctx.env.get`: one declared variable. */
export function envCall(tools: BrokerTools): CapabilityCallHandler {
  return (_method, args) => {
    const key = tools.name(args[0], 'The environment variable name');
    tools.check('env', 'get', key, `env:${key}`, `read the environment variable ${key}`);
    return tools.deps.services.env.get(key);
  };
}

/** `ctx.secrets.get`: one declared secret, whose value the redactor learns. */
export function secretsCall(tools: BrokerTools): CapabilityCallHandler {
  const { services, redactor } = tools.deps;
  return (_method, args) => {
    const key = tools.name(args[0], 'The secret name');
    tools.check('secrets', 'get', key, `secret:${key}`, `read the secret ${key}`);
    return services.secrets.get(key).then((value) => {
      redactor.add(value);
      return value;
    });
  };
}

/**
 * `ctx.exec`: one declared program, without a shell, in a workspace folder. A grant listing
 * first arguments (`exec:git:status,log`) is checked against the call's first argument.
 */
export function execCall(tools: BrokerTools): CapabilityCallHandler {
  const { invalid } = tools;
  return (_method, args) => {
    const command = tools.name(args[0], 'The command');
    const argv = args[1] ?? [];
    if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) {
      throw invalid('The arguments of exec', 'they must be an array of strings');
    }
    // Only a grant listing first arguments makes the first argument part of the request, so
    // a denial names the permission to ask for: `exec:rm` when the program is not granted at
    // all, `exec:git:rebase` when `git` is granted with a list.
    const listed = tools.scope.permissions.some((raw) => {
      const parsed = tryParsePermission(raw);
      return parsed.ok && parsed.permission.kind === 'exec' && parsed.permission.target === command;
    });
    const first = (argv as string[])[0];
    tools.check(
      'exec',
      'run',
      command,
      listed ? execRequest(command, argv as string[]) : `exec:${command}`,
      listed && first !== undefined ? `run "${command} ${first}"` : `run "${command}"`,
    );
    const options = (args[2] ?? {}) as Record<string, unknown>;
    const cwd = normalizeWorkspacePath(options.cwd ?? '.');
    if ('error' in cwd) throw invalid('The cwd of exec', cwd.error);
    return tools.deps.services.exec.run(command, argv as string[], {
      cwd: cwd.path,
      ...(typeof options.input === 'string' ? { input: options.input } : {}),
      timeoutMs: tools.capTimeout(options.timeoutMs),
    });
  };
}

/** `ctx.events.on` and its `off` (`emit` has its own fast path in the broker). */
export function eventsCall(tools: BrokerTools): CapabilityCallHandler {
  const { scope } = tools;
  return (method, args) => {
    if (method === 'off') return scope.unsubscribe(tools.name(args[0], 'The listener id'));
    if (method !== 'on') throw tools.unknownCall('events', method);
    const pattern = tools.name(args[0], 'The event pattern');
    const listenerId = tools.name(args[1], 'The listener id');
    tools.check('events', 'on', pattern, `events:on:${pattern}`, `listen to "${pattern}"`);
    return scope.subscribe(pattern, listenerId);
  };
}

/**
 * `ctx.state` (the plugin's own store, `plugin:<name>`) or `ctx.state.shared` (the reserved
 * shared store); writes are charged against the state budgets first.
 */
export function stateCall(tools: BrokerTools, shared: boolean): CapabilityCallHandler {
  const capability = shared ? 'sharedState' : 'state';
  const permission = shared ? 'state:shared' : 'state';
  const store = shared ? SHARED_STATE_SCOPE : pluginStateScope(tools.plugin);
  const { services } = tools.deps;
  return (method, args) => {
    const key = method === 'keys' ? '' : tools.name(args[0], `The state key`);
    tools.check(capability, method, key, permission, `use ${shared ? 'shared ' : ''}state`);
    // Read at each call: a stopped host starts again with a fresh service.
    const state = services.state;
    switch (method) {
      case 'get':
        return state.get(store, key);
      case 'set':
        return stateQuota.set(state, budgetsOf(tools), tools.plugin, store, key, args[1]);
      case 'delete':
        return stateQuota.delete(state, store, key);
      case 'keys':
        return state.keys(store);
      default:
        throw tools.unknownCall(capability, method);
    }
  };
}

/** `ctx.commands.execute`: any active plugin's command, on behalf of this one. */
export function commandsCall(tools: BrokerTools): CapabilityCallHandler {
  return (_method, args) => {
    const id = tools.name(args[0], 'The command id');
    tools.record('commands', 'execute', id, true);
    return tools.deps.execute(id, args[1], tools.plugin);
  };
}

/** `ctx.<kind>.register` and the `off` it returns. */
export function contributionsCall(tools: BrokerTools): CapabilityCallHandler {
  const { scope } = tools;
  return (method, args) => {
    const kind = args[0];
    if (typeof kind !== 'string' || !CONTRIBUTION_KINDS.has(kind)) {
      throw tools.invalid('The contribution kind', `"${String(kind)}" is not a contribution kind`);
    }
    const id = tools.name(args[1], `The ${kind} id`);
    if (method === 'register') return scope.registerContribution(kind as ContributionKind, id);
    if (method === 'unregister') return scope.unregisterContribution(kind as ContributionKind, id);
    throw tools.unknownCall('contributions', method);
  };
}

/**
 * `ctx.log.*`: one record, redacted, within the log budgets: a record over `logRecordBytes`
 * or beyond the plugin's byte rate is refused before anything is formatted or written.
 */
export function logCall(tools: BrokerTools): CapabilityCallHandler {
  const { services, redactor } = tools.deps;
  let bucket: TokenBucket | undefined;
  return (_method, args) => {
    const budgets = budgetsOf(tools);
    const message = String(args[1]);
    const data = args[2];
    const size = message.length * 2 + Math.max(0, argumentSize(data, budgets.logRecordBytes));
    if (size > budgets.logRecordBytes || argumentSize(data, budgets.logRecordBytes) < 0) {
      throw budgetExceeded(
        tools.plugin,
        'logRecordBytes',
        budgets.logRecordBytes,
        'a larger record',
      );
    }
    bucket ??= new TokenBucket(budgets.logBytesPerSecond, budgets.logBurstBytes);
    if (!bucket.take(size)) {
      throw budgetExceeded(
        tools.plugin,
        'logBytesPerSecond',
        budgets.logBytesPerSecond,
        `burst ${budgets.logBurstBytes} spent`,
      );
    }
    const level = LOG_LEVELS.has(String(args[0])) ? (args[0] as 'info') : 'info';
    services.logger.write({
      level,
      message: redactor.redact(message),
      plugin: tools.plugin,
      ...(typeof data === 'object' && data !== null
        ? { data: redactor.redactValue(data as Record<string, unknown>) }
        : {}),
      time: services.clock.now(),
    });
    return undefined;
  };
}
