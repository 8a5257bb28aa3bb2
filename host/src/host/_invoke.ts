import { CONTRIBUTION_NOUNS, createError, type StackPluginError } from '@stack-plugin/pdk';
import { isThenable } from '../_internal/with-timeout.js';
import { checkPayload, payloadSize } from '../broker/check-payload.js';
import type { Redactor } from '../broker/redactor.js';
import type { ContributionKind, PluginInstance } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import type { PluginView } from './_plugin-view.js';
import { wrapPluginError } from './_prepare-plugin.js';
import type { ContributionRoutes, Route } from './contribution-routes.js';
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
  const start = (route: Route, input: unknown, callOptions: CallOptions): Promise<unknown> => {
    const call = new HostCall(deps, route, callOptions);
    const { contribution, plugin } = call;
    try {
      // Sized without allocating; the message of a refusal is built only for one.
      const bytes = payloadSize(input);
      call.bytesIn = bytes >= 0 ? bytes : checkPayload(input, { what: call.what('input'), plugin });
      if (contribution?.input !== undefined) {
        validator.assert(contribution.input, input, { what: call.what('input'), plugin });
      }
    } catch (error) {
      call.rejected(error);
      throw error;
    }
    const { generation, kind, id } = route;
    const instance = generation.instance as PluginInstance;
    // Counted on the generation, so that a hot swap can wait for calls in flight on the old code.
    call.begin();
    const { signal } = callOptions;
    const { timeoutMs } = route.record.prepared.limits;
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
    let route = routes.route(kind, id);
    if (route === undefined && (await deps.wake(kind, id))) route = routes.route(kind, id);
    if (route?.generation.instance === undefined) {
      throw (
        deps.failedProvider(kind, id) ??
        (kind === 'commands'
          ? createError(hostErrors.UNKNOWN_COMMAND, { command: id })
          : createError(hostErrors.CONTRIBUTION_NOT_FOUND, { kind, id }))
      );
    }
    return start(route, input, callOptions);
  };

  return (
    kind: ContributionKind,
    id: string,
    input: unknown,
    callOptions: CallOptions = {},
  ): Promise<unknown> => {
    try {
      const route = routes.route(kind, id);
      if (route?.generation.instance === undefined) {
        return wakeThenStart(kind, id, input, callOptions);
      }
      return start(route, input, callOptions);
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
  readonly route: Route;
  readonly contribution: Route['declared'];
  readonly options: CallOptions;
  readonly plugin: string;
  readonly caller: string;
  bytesIn = 0;
  #started = 0;

  constructor(deps: InvokerDeps, route: Route, options: CallOptions) {
    this.deps = deps;
    this.route = route;
    this.contribution = route.declared;
    this.options = options;
    this.plugin = route.record.prepared.pkg.name;
    this.caller = options.caller ?? 'host';
  }

  what(part: string): string {
    const { kind, id } = this.route;
    return `The ${part} of ${CONTRIBUTION_NOUNS[kind]} "${id}" of "${this.plugin}"`;
  }

  /** The input was refused before the plugin saw it: counted apart from the calls it served. */
  rejected(error: unknown): void {
    this.route.record.metrics.rejectedCall();
    if (this.deps.samples.sampling) this.#sample('rejected', 0, [0, 0], error);
  }

  begin(): void {
    this.route.generation.begin();
    this.#started = performance.now();
  }

  #sample(
    outcome: CallSample['outcome'],
    durationMs: number,
    bytes: readonly [number, number],
    error: unknown,
  ): void {
    const { plugin, caller } = this;
    const { kind, id } = this.route;
    sample(this.deps, { plugin, kind, id, caller }, outcome, durationMs, bytes, error);
  }

  /** How long the plugin took; ends the call on its generation (called once per call). */
  #elapsed(): number {
    this.route.generation.end();
    return performance.now() - this.#started;
  }

  /**
   * The plugin's answer was a failure: returns what to throw (wrapped with plugin and phase,
   * or the caller's own abort reason as it is) once the call is counted.
   */
  failed(error: unknown): unknown {
    const { options, plugin, route } = this;
    let thrown = error;
    let outcome: CallOutcome = 'error';
    if (options.signal?.aborted !== true || error !== options.signal.reason) {
      const phase = `${CONTRIBUTION_NOUNS[route.kind]} "${route.id}"`;
      const wrapped = this.deps.redactor.redactError(
        wrapPluginError(error, plugin, phase, 'PLUGIN_CALL_FAILED'),
      );
      if (wrapped.code === 'PLUGIN_CRASHED') {
        this.deps.onCrash(route.record, route.generation, wrapped);
      }
      if (wrapped.code === 'PLUGIN_TIMEOUT') outcome = 'timeout';
      thrown = wrapped;
    }
    const elapsed = this.#elapsed();
    route.record.metrics.call(elapsed, outcome, this.bytesIn);
    if (this.deps.samples.sampling) {
      this.#sample(outcome, elapsed, [this.bytesIn, 0], thrown);
    }
    return thrown;
  }

  /** The plugin answered: the output is checked and the call counted; returns the output. */
  succeeded(output: unknown): unknown {
    const elapsed = this.#elapsed();
    const { plugin, contribution } = this;
    const { metrics } = this.route.record;
    // Counted once the output is measured; an output the host refuses is a failed call.
    let bytesOut = payloadSize(output);
    if (bytesOut < 0) {
      try {
        bytesOut = checkPayload(output, { what: this.what('output'), plugin });
      } catch (error) {
        metrics.call(elapsed, 'error', this.bytesIn, 0);
        if (this.deps.samples.sampling) this.#sample('error', elapsed, [this.bytesIn, 0], error);
        throw error;
      }
    }
    metrics.call(elapsed, 'ok', this.bytesIn, bytesOut);
    // Samples are built only while someone listens: a call allocates nothing for them.
    if (this.deps.samples.sampling)
      this.#sample('ok', elapsed, [this.bytesIn, bytesOut], undefined);
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
