import {
  createError,
  type HookPoint,
  isStackPluginError,
  type StackPluginError,
  toClause,
} from '@stack-plugin/pdk';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { StepHooks } from '../workflow/run-workflow.js';
import type { CallOptions } from './host-types.js';
import type { PluginRegistry } from './plugin-registry.js';

type Invoke = (
  kind: ContributionKind,
  id: string,
  input: unknown,
  options?: CallOptions,
) => Promise<unknown>;

/** What {@link createHookRunner} needs from the host. */
export interface HookDeps {
  readonly registry: PluginRegistry;
  /** The host's invoker without hooks (a hook call is not itself hooked). */
  readonly invoke: Invoke;
  readonly log: (level: 'warn', message: string, plugin?: string) => void;
}

/** One declared hook of an active plugin. */
interface HookRef {
  readonly plugin: string;
  readonly id: string;
}

/** The host's hook calls: {@link createHookRunner}. */
export type HookRunner = ReturnType<typeof createHookRunner>;

const BEFORE: ReadonlySet<HookPoint> = new Set(['command.before', 'step.before']);

/**
 * Calls the `hooks` contributions declared for a lifecycle point, one after the other in the
 * order plugins were admitted (`callSeries`). At a `*.before` point a hook may veto by
 * throwing (the call fails with `HOOK_VETOED`, whose cause keeps the hook's own error and
 * code) or replace the input by returning `{ input }`; at the other points a failure is
 * logged and never stops the host. A plugin's hooks never run for its own calls, so a hook
 * that calls a command does not call itself. The table of hooks per point is rebuilt after a
 * lifecycle change; a host without hooks pays one map lookup per command.
 */
export function createHookRunner(deps: HookDeps) {
  const { registry, invoke, log } = deps;
  let table: Map<HookPoint, HookRef[]> | undefined;

  const hooksAt = (point: HookPoint): readonly HookRef[] => {
    if (table === undefined) {
      table = new Map();
      for (const controller of registry.all()) {
        if (controller.state !== 'active') continue;
        for (const hook of controller.prepared.pkg.manifest.contributes?.hooks ?? []) {
          const list = table.get(hook.point) ?? [];
          list.push({ plugin: controller.name, id: hook.id });
          table.set(hook.point, list);
        }
      }
    }
    return table.get(point) ?? NO_HOOKS;
  };

  /**
   * Runs the hooks of `point` with `payload`; resolves with the input after every hook
   * (replaced by a `*.before` hook returning `{ input }`).
   */
  async function callSeries(
    point: HookPoint,
    payload: Record<string, unknown>,
    options: { caller?: string | undefined; target?: string } = {},
  ): Promise<unknown> {
    let input = payload.input;
    for (const hook of hooksAt(point)) {
      if (hook.plugin === options.caller) continue;
      const sent = { ...payload, point, ...(input === undefined ? {} : { input }) };
      try {
        const result = await invoke('hooks', hook.id, sent, { caller: 'host' });
        if (BEFORE.has(point) && isReplacement(result)) input = result.input;
      } catch (error) {
        if (BEFORE.has(point)) throw vetoed(point, hook, options.target ?? point, error);
        log('warn', `hook "${hook.id}" failed at ${point}: ${toClause(error)}`, hook.plugin);
      }
    }
    return input;
  }

  /**
   * A command call between its `command.before` and `command.after` hooks. Not async: without
   * hooks the call's own promise is returned, not one more around it (host-call bench).
   */
  function aroundCommand(
    command: string,
    input: unknown,
    callOptions: CallOptions | undefined,
    run: Invoke,
  ): Promise<unknown> {
    if (hooksAt('command.before').length === 0 && hooksAt('command.after').length === 0)
      return run('commands', command, input, callOptions);
    return hooked(command, input, callOptions, run);
  }

  async function hooked(
    command: string,
    input: unknown,
    callOptions: CallOptions | undefined,
    run: Invoke,
  ): Promise<unknown> {
    const caller = callOptions?.caller ?? 'host';
    const options = { caller, target: `command "${command}"` };
    const base = { command, caller };
    const sent = await callSeries('command.before', { ...base, input }, options);
    const output = await run('commands', command, sent, callOptions);
    await callSeries('command.after', { ...base, input: sent, output }, options);
    return output;
  }

  /** The workflow engine's step hooks (`step.before`, `step.after`). */
  const stepHooks: StepHooks = {
    before: ({ input, ...step }) =>
      callSeries(
        'step.before',
        { ...step, input },
        {
          caller: step.workflow,
          target: `step "${step.step}" of workflow "${step.workflow}"`,
        },
      ),
    after: async ({ error, ...step }) => {
      await callSeries('step.after', {
        ...step,
        ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
      });
    },
  };

  return {
    callSeries,
    aroundCommand,
    stepHooks,
    /** Forgets the table after a lifecycle change. */
    invalidate: () => {
      table = undefined;
    },
  };
}

/** The hooks of a point nothing hooks into: one shared empty list, not a new one per command. */
const NO_HOOKS: readonly HookRef[] = Object.freeze([]);

function isReplacement(value: unknown): value is { input: unknown } {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'input');
}

function vetoed(point: HookPoint, hook: HookRef, target: string, error: unknown): StackPluginError {
  // The host wraps what the hook threw (PLUGIN_CALL_FAILED); its own error and code are the cause.
  const own = isStackPluginError(error) && error.cause !== undefined ? error.cause : error;
  const code = (own as { code?: unknown } | null)?.code;
  return createError(
    hostErrors.HOOK_VETOED,
    {
      plugin: hook.plugin,
      hook: hook.id,
      point,
      target,
      detail: toClause(own),
      ...(typeof code === 'string' ? { reason: code } : {}),
    },
    { plugin: hook.plugin, cause: error },
  );
}
