import { CONTRIBUTION_NOUNS, createError, type StackPluginError } from '@stack-plugin/pdk';
import { checkPayload } from '../broker/check-payload.js';
import type { Redactor } from '../broker/redactor.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { declaredContribution, type PluginView } from './_plugin-view.js';
import { wrapPluginError } from './_prepare-plugin.js';
import type { ContributionRoutes } from './contribution-routes.js';
import type { CallSample } from './host-events.js';
import type { CallOptions } from './host-types.js';
import type { PluginGeneration } from './plugin-generation.js';
import type { CallOutcome } from './plugin-metrics.js';

/** What {@link createInvoker} needs from the host. */
export interface InvokerDeps {
  readonly routes: ContributionRoutes;
  readonly validator: SchemaValidator;
  readonly redactor: Redactor;
  /**
   * Called when nothing serves `kind`/`id`: activates the lazy plugin declaring it and
   * resolves true (then the call is routed again), or false.
   */
  readonly wake: (kind: ContributionKind, id: string) => Promise<boolean>;
  /**
   * Called when nothing serves `kind`/`id` after {@link wake}: the failure of a plugin whose
   * manifest declares it but which could not start, so the caller sees why (its own code and
   * hint) rather than that nothing is registered.
   */
  readonly failedProvider: (kind: ContributionKind, id: string) => StackPluginError | undefined;
  /** Told every call as it ends, while `sampling` (someone listens to `host.on('metrics')`). */
  readonly samples: { readonly sampling: boolean; sample(sample: CallSample): void };
  /** Host clock time, for the samples. */
  readonly now: () => number;
  /** Called when the executor reports that the plugin's sandbox crashed. */
  readonly onCrash: (
    record: PluginView,
    generation: PluginGeneration,
    error: StackPluginError,
  ) => void;
}

/**
 * The host's one way of calling a contribution: route to the live generation, check the input
 * (plain data, manifest schema), call under the plugin's deadline, wrap a failure with plugin
 * and phase, check the output, count the call in the plugin's metrics.
 */
export function createInvoker(deps: InvokerDeps) {
  const { routes, validator, redactor } = deps;
  return async (
    kind: ContributionKind,
    id: string,
    input: unknown,
    callOptions: CallOptions = {},
  ): Promise<unknown> => {
    let { generation, record } = routes.route(kind, id);
    // The first use of a lazy plugin: its contributions are known from its manifest only.
    if (generation === undefined && (await deps.wake(kind, id))) {
      ({ generation, record } = routes.route(kind, id));
    }
    if (generation === undefined || record === undefined || generation.instance === undefined) {
      throw (
        deps.failedProvider(kind, id) ??
        (kind === 'commands'
          ? createError(hostErrors.UNKNOWN_COMMAND, { command: id })
          : createError(hostErrors.CONTRIBUTION_NOT_FOUND, { kind, id }))
      );
    }
    const { pkg, limits } = record.prepared;
    const plugin = pkg.name;
    const what = (part: string) =>
      `The ${part} of ${CONTRIBUTION_NOUNS[kind]} "${id}" of "${plugin}"`;
    const contribution = declaredContribution(pkg.manifest, kind, id);
    const caller = callOptions.caller ?? 'host';
    let bytesIn: number;
    try {
      bytesIn = checkPayload(input, { what: () => what('input'), plugin });
      if (contribution?.input !== undefined) {
        validator.assert(contribution.input, input, { what: what('input'), plugin });
      }
    } catch (error) {
      // Refused before the plugin saw it: counted apart from the calls it served.
      record.metrics.rejectedCall();
      if (deps.samples.sampling)
        sample(deps, { plugin, kind, id, caller }, 'rejected', 0, [0, 0], error);
      throw error;
    }
    const instance = generation.instance;
    // Counted on the generation, so that a hot swap can wait for calls in flight on the old code.
    const end = generation.begin();
    const started = performance.now();
    let elapsed = 0;
    let outcome: CallOutcome = 'error';
    let output: unknown;
    let failure: unknown;
    try {
      const { signal } = callOptions;
      const { timeoutMs } = limits;
      output = await instance.invoke(
        kind,
        id,
        input,
        signal === undefined ? { caller, timeoutMs } : { caller, timeoutMs, signal },
      );
      outcome = 'ok';
    } catch (error) {
      failure = error;
      if (callOptions.signal?.aborted === true && error === callOptions.signal.reason) throw error;
      const wrapped = redactor.redactError(
        wrapPluginError(error, plugin, `${CONTRIBUTION_NOUNS[kind]} "${id}"`, 'PLUGIN_CALL_FAILED'),
      );
      if (wrapped.code === 'PLUGIN_CRASHED') deps.onCrash(record, generation, wrapped);
      if (wrapped.code === 'PLUGIN_TIMEOUT') outcome = 'timeout';
      failure = wrapped;
      throw wrapped;
    } finally {
      end();
      elapsed = performance.now() - started;
      if (outcome !== 'ok') {
        record.metrics.call(elapsed, outcome, bytesIn);
        if (deps.samples.sampling) {
          sample(deps, { plugin, kind, id, caller }, outcome, elapsed, [bytesIn, 0], failure);
        }
      }
    }
    // Counted once the output is measured; an output the host refuses is a failed call.
    let bytesOut = -1;
    try {
      bytesOut = checkPayload(output, { what: () => what('output'), plugin });
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const ended = bytesOut < 0 ? 'error' : 'ok';
      record.metrics.call(elapsed, ended, bytesIn, Math.max(0, bytesOut));
      // Samples are built only while someone listens: a call allocates nothing for them.
      if (deps.samples.sampling) {
        const bytes = [bytesIn, Math.max(0, bytesOut)] as const;
        sample(deps, { plugin, kind, id, caller }, ended, elapsed, bytes, failure);
      }
    }
    if (contribution?.output !== undefined) {
      validator.assert(contribution.output, output, { what: what('output'), plugin });
    }
    return output;
  };
}

/** Hands one call's {@link CallSample} to the `metrics` listeners. */
function sample(
  deps: Pick<InvokerDeps, 'samples' | 'now'>,
  call: Pick<CallSample, 'plugin' | 'kind' | 'id' | 'caller'>,
  outcome: CallSample['outcome'],
  durationMs: number,
  [bytesIn, bytesOut]: readonly [number, number],
  error: unknown,
): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  deps.samples.sample({
    ...call,
    outcome,
    ...(outcome === 'ok' ? {} : { code: typeof code === 'string' ? code : 'INTERNAL' }),
    durationMs,
    bytesIn,
    bytesOut,
    time: deps.now(),
  });
}
