import { CONTRIBUTION_NOUNS, createError, type StackPluginError } from '@stack-plugin/pdk';
import { isThenable } from '../_internal/with-timeout.js';
import { checkPayload } from '../broker/check-payload.js';
import type { Redactor } from '../broker/redactor.js';
import type { ContributionKind, PluginInstance } from '../executor/plugin-executor.js';
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
 *
 * Not an async function: a call the executor answers at once (a synchronous handler at
 * isolation `none`) is finished in the same turn and handed back as one settled promise. As an
 * async function awaiting that answer, the call took a promise and two microtask hops more,
 * which after other work (a handler that computes for 100 us) cost a microsecond or more of
 * the host-call bench's overhead.
 */
export function createInvoker(deps: InvokerDeps) {
  const { routes, validator } = deps;

  /** A call that is routed; throws what it refuses before the plugin sees the input. */
  const start = (
    generation: PluginGeneration,
    record: PluginView,
    kind: ContributionKind,
    id: string,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<unknown> => {
    const instance = generation.instance as PluginInstance;
    const { pkg, limits } = record.prepared;
    const contribution = declaredContribution(pkg.manifest, kind, id);
    const call = new HostCall(deps, kind, id, record, contribution, callOptions);
    try {
      call.bytesIn = checkPayload(input, { what: () => call.what('input'), plugin: call.plugin });
      if (contribution?.input !== undefined) {
        validator.assert(contribution.input, input, {
          what: call.what('input'),
          plugin: call.plugin,
        });
      }
    } catch (error) {
      call.rejected(error);
      throw error;
    }
    // Counted on the generation, so that a hot swap can wait for calls in flight on the old code.
    call.begin(generation);
    const { signal } = callOptions;
    const { timeoutMs } = limits;
    const { caller } = call;
    let answer: unknown;
    try {
      answer = instance.invoke(
        kind,
        id,
        input,
        signal === undefined ? { caller, timeoutMs } : { caller, timeoutMs, signal },
      );
    } catch (error) {
      throw call.failed(error);
    }
    if (isThenable(answer)) return settleLater(call, answer);
    return Promise.resolve(call.succeeded(answer));
  };

  /** The first use of a lazy plugin: its contributions are known from its manifest only. */
  const wakeThenStart = async (
    kind: ContributionKind,
    id: string,
    input: unknown,
    callOptions: CallOptions,
  ): Promise<unknown> => {
    let routed = routes.route(kind, id);
    if (routed.generation === undefined && (await deps.wake(kind, id))) {
      routed = routes.route(kind, id);
    }
    const { generation, record } = routed;
    if (generation === undefined || record === undefined || generation.instance === undefined) {
      throw (
        deps.failedProvider(kind, id) ??
        (kind === 'commands'
          ? createError(hostErrors.UNKNOWN_COMMAND, { command: id })
          : createError(hostErrors.CONTRIBUTION_NOT_FOUND, { kind, id }))
      );
    }
    return start(generation, record, kind, id, input, callOptions);
  };

  return (
    kind: ContributionKind,
    id: string,
    input: unknown,
    callOptions: CallOptions = {},
  ): Promise<unknown> => {
    try {
      const { generation, record } = routes.route(kind, id);
      if (generation?.instance === undefined || record === undefined) {
        return wakeThenStart(kind, id, input, callOptions);
      }
      return start(generation, record, kind, id, input, callOptions);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Waits for an executor's pending answer, then finishes the call. */
async function settleLater(call: HostCall, pending: PromiseLike<unknown>): Promise<unknown> {
  let output: unknown;
  try {
    output = await pending;
  } catch (error) {
    throw call.failed(error);
  }
  return call.succeeded(output);
}

/**
 * One routed call, from its input check to its metrics: the state its ending needs, in one
 * object, whichever way (at once or later, answered or failed) it ends.
 */
class HostCall {
  readonly deps: InvokerDeps;
  readonly kind: ContributionKind;
  readonly id: string;
  readonly record: PluginView;
  readonly contribution: ReturnType<typeof declaredContribution>;
  readonly options: CallOptions;
  readonly plugin: string;
  readonly caller: string;
  bytesIn = 0;
  #generation: PluginGeneration | undefined;
  #end: (() => void) | undefined;
  #started = 0;

  constructor(
    deps: InvokerDeps,
    kind: ContributionKind,
    id: string,
    record: PluginView,
    contribution: ReturnType<typeof declaredContribution>,
    options: CallOptions,
  ) {
    this.deps = deps;
    this.kind = kind;
    this.id = id;
    this.record = record;
    this.contribution = contribution;
    this.options = options;
    this.plugin = record.prepared.pkg.name;
    this.caller = options.caller ?? 'host';
  }

  what(part: string): string {
    return `The ${part} of ${CONTRIBUTION_NOUNS[this.kind]} "${this.id}" of "${this.plugin}"`;
  }

  /** The input was refused before the plugin saw it: counted apart from the calls it served. */
  rejected(error: unknown): void {
    this.record.metrics.rejectedCall();
    if (this.deps.samples.sampling) this.#sample('rejected', 0, [0, 0], error);
  }

  begin(generation: PluginGeneration): void {
    this.#generation = generation;
    this.#end = generation.begin();
    this.#started = performance.now();
  }

  #sample(
    outcome: CallSample['outcome'],
    durationMs: number,
    bytes: readonly [number, number],
    error: unknown,
  ): void {
    const { plugin, kind, id, caller } = this;
    sample(this.deps, { plugin, kind, id, caller }, outcome, durationMs, bytes, error);
  }

  /** How long the plugin took; ends the call on its generation. */
  #elapsed(): number {
    this.#end?.();
    return performance.now() - this.#started;
  }

  /**
   * The plugin's answer was a failure: returns what to throw (wrapped with plugin and phase,
   * or the caller's own abort reason as it is) once the call is counted.
   */
  failed(error: unknown): unknown {
    const { options, plugin, kind, id, record } = this;
    let thrown = error;
    let outcome: CallOutcome = 'error';
    if (options.signal?.aborted !== true || error !== options.signal.reason) {
      const wrapped = this.deps.redactor.redactError(
        wrapPluginError(error, plugin, `${CONTRIBUTION_NOUNS[kind]} "${id}"`, 'PLUGIN_CALL_FAILED'),
      );
      if (wrapped.code === 'PLUGIN_CRASHED') {
        this.deps.onCrash(record, this.#generation as PluginGeneration, wrapped);
      }
      if (wrapped.code === 'PLUGIN_TIMEOUT') outcome = 'timeout';
      thrown = wrapped;
    }
    const elapsed = this.#elapsed();
    record.metrics.call(elapsed, outcome, this.bytesIn);
    if (this.deps.samples.sampling) {
      this.#sample(outcome, elapsed, [this.bytesIn, 0], thrown);
    }
    return thrown;
  }

  /** The plugin answered: the output is checked and the call counted; returns the output. */
  succeeded(output: unknown): unknown {
    const elapsed = this.#elapsed();
    const { record, plugin, contribution } = this;
    // Counted once the output is measured; an output the host refuses is a failed call.
    let bytesOut = -1;
    let failure: unknown;
    try {
      bytesOut = checkPayload(output, { what: () => this.what('output'), plugin });
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const ended = bytesOut < 0 ? 'error' : 'ok';
      record.metrics.call(elapsed, ended, this.bytesIn, Math.max(0, bytesOut));
      // Samples are built only while someone listens: a call allocates nothing for them.
      if (this.deps.samples.sampling) {
        const bytes = [this.bytesIn, Math.max(0, bytesOut)] as const;
        this.#sample(ended, elapsed, bytes, failure);
      }
    }
    if (contribution?.output !== undefined) {
      this.deps.validator.assert(contribution.output, output, {
        what: this.what('output'),
        plugin,
      });
    }
    return output;
  }
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
