import { pathToFileURL } from 'node:url';
import {
  CONTEXT_LAYOUT,
  CONTRIBUTION_NOUNS,
  createError,
  isPluginDefinition,
} from '@stack-plugin/pdk';
import { emitLaneOf } from '../_internal/emit-lane.js';
import {
  CallQueue,
  createInFlightGate,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_OUTSTANDING,
} from '../_internal/in-flight-gate.js';
import { TimedRun, withTimeout } from '../_internal/with-timeout.js';
import { hostErrors } from '../host-errors.js';
import type { Clock } from '../services/host-services.js';
import { writeVerifiedCopy } from './_verified-copy.js';
import type {
  ContributionKind,
  ExecutorLoadRequest,
  InvokeOptions,
  PluginExecutor,
  PluginInstance,
} from './plugin-executor.js';
import { type CapabilityLane, HandlerCall, PluginRuntime } from './plugin-runtime.js';

/** Options of {@link createInProcessExecutor}. */
export interface InProcessExecutorOptions {
  /**
   * Imports a module by URL. Defaults to `import()`; a bundler or a test runner may pass its
   * own so that its transforms (for example TypeScript entries) apply.
   */
  readonly importModule?: (url: string) => Promise<unknown>;
  /**
   * Capability calls of one plugin waiting for the host at once; the next is refused with
   * `PLUGIN_RATE_LIMITED`. Default 256, as in the sandboxes (`RpcLimits.maxInFlight`).
   */
  readonly maxInFlight?: number;
}

let loads = 0;
// Distinguishes this module instance's loads from another's in a shared module cache (test
// runners may re-evaluate this file while keeping the cache of the modules it imported).
const token = Math.random().toString(36).slice(2, 8);

/**
 * The executor for isolation `none`: the plugin's module is imported into the host process and
 * driven through {@link PluginRuntime}, exactly as the sandboxed executors drive it on their
 * side of the boundary. Per-call deadlines are enforced, but plugin code that blocks the event
 * loop cannot be interrupted here: `none` is for first-party code only.
 */
export function createInProcessExecutor(options: InProcessExecutorOptions = {}): PluginExecutor {
  const importModule = options.importModule ?? ((url: string) => import(url));
  return {
    isolation: 'none',
    async load(request: ExecutorLoadRequest): Promise<PluginInstance> {
      // Every load gets a fresh module instance (a query string defeats the ESM cache), so a
      // re-enabled or reloaded plugin starts from clean module state, as it would in a worker.
      loads += 1;
      const { files } = request.plugin;
      // A verified package is imported from a private copy of the verified bytes, removed
      // once the module graph is loaded (plugins import statically; sandboxes refuse dynamic
      // imports, and so does a verified `none` plugin after start-up).
      const copy =
        files === undefined
          ? undefined
          : await writeVerifiedCopy(request.plugin.dir, request.plugin.entry, files);
      const url = `${pathToFileURL(copy?.entry ?? request.plugin.entry).href}?stack-plugin-load=${token}-${loads}`;
      let module: { default?: unknown };
      try {
        module = (await importModule(url)) as { default?: unknown };
      } finally {
        await copy?.remove();
      }
      const definition = module.default;
      if (!isPluginDefinition(definition)) {
        throw createError(
          hostErrors.PLUGIN_ACTIVATION_FAILED,
          {
            plugin: request.plugin.name,
            phase: 'load',
            detail: `the default export of ${request.plugin.entry} is not a plugin definition (an object with an activate function)`,
          },
          { plugin: request.plugin.name },
        );
      }
      const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
      const host = (capability: string, method: string, args: readonly unknown[]) =>
        request.capabilities({ capability, method, args });
      // As in a sandbox: the plugin's side queues beyond DEFAULT_MAX_OUTSTANDING, the host's
      // side refuses beyond maxInFlight. In one process the queue is the only way in, so a
      // host limit at or above it can never be reached and is not paid for on every call (it
      // was a fifth of a plugin's event cost in the host-events bench).
      const inFlight =
        maxInFlight < DEFAULT_MAX_OUTSTANDING
          ? createInFlightGate(request.plugin.name, maxInFlight)
          : undefined;
      const queue = new CallQueue(DEFAULT_MAX_OUTSTANDING);
      const send = queue.wrap(
        inFlight === undefined
          ? host
          : (capability: string, method: string, args: readonly unknown[]) =>
              inFlight(() => host(capability, method, args)),
      );
      // `ctx.events.emit` straight to the broker's lane, in the same slots as every other
      // call: a plugin's emit costs no call object and no dispatch on the capability's name.
      // Behind an in-flight limit (or a handler without the lane) it goes through `send`.
      const emit = emitLaneOf(request.capabilities);
      const lanes =
        emit === undefined || inFlight !== undefined
          ? undefined
          : new Map([['events.emit', queue.wrap(emit) as CapabilityLane]]);
      const runtime = new PluginRuntime(definition, {
        plugin: { name: request.plugin.name, version: request.plugin.version },
        config: request.config,
        layout:
          request.hostLayout === undefined
            ? CONTEXT_LAYOUT
            : [...CONTEXT_LAYOUT, ...request.hostLayout],
        send,
        ...(lanes === undefined ? {} : { lanes }),
      });
      return new InProcessInstance(request.plugin.name, runtime, request.clock);
    },
  };
}

class InProcessInstance implements PluginInstance {
  readonly #plugin: string;
  #runtime: PluginRuntime | undefined;
  readonly #clock: Clock | undefined;

  constructor(plugin: string, runtime: PluginRuntime, clock: Clock | undefined) {
    this.#plugin = plugin;
    this.#runtime = runtime;
    this.#clock = clock;
  }

  #live(): PluginRuntime {
    if (this.#runtime === undefined) {
      throw createError(
        hostErrors.PLUGIN_CRASHED,
        { plugin: this.#plugin, detail: 'its instance was disposed' },
        {
          plugin: this.#plugin,
        },
      );
    }
    return this.#runtime;
  }

  #deadline<T>(phase: string, options: InvokeOptions, run: () => Promise<T>): Promise<T> | T {
    return withTimeout(run, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      clock: this.#clock,
      onTimeout: () => timeoutError(this.#plugin, phase, options.timeoutMs),
    });
  }

  async activate(options: InvokeOptions): Promise<void> {
    const runtime = this.#live();
    await this.#deadline('activate', options, () => runtime.activate());
  }

  async deactivate(options: InvokeOptions): Promise<void> {
    const runtime = this.#live();
    await this.#deadline('deactivate', options, () => runtime.deactivate());
  }

  /** A synchronous handler's value comes back as it is, so the host settles its call at once. */
  invoke(kind: ContributionKind, id: string, input: unknown, options: InvokeOptions): unknown {
    const run = new InvokeRun(this.#live(), this.#plugin, kind, id, input, options);
    return run.start(options.timeoutMs, options.signal, this.#clock);
  }

  async deliver(listenerId: string, event: unknown): Promise<void> {
    await this.#live().deliver(listenerId, event);
  }

  async dispose(): Promise<void> {
    this.#runtime = undefined;
  }
}

/**
 * One handler call under its deadline: one object per call (the run, its signal and its
 * timeout error), the timeout's phase named only if it fires.
 */
class InvokeRun extends TimedRun<unknown> {
  readonly #runtime: PluginRuntime;
  readonly #plugin: string;
  readonly #kind: ContributionKind;
  readonly #id: string;
  readonly #input: unknown;
  readonly #caller: string;
  readonly #timeoutMs: number;

  constructor(
    runtime: PluginRuntime,
    plugin: string,
    kind: ContributionKind,
    id: string,
    input: unknown,
    options: InvokeOptions,
  ) {
    super();
    this.#runtime = runtime;
    this.#plugin = plugin;
    this.#kind = kind;
    this.#id = id;
    this.#input = input;
    this.#caller = options.caller;
    this.#timeoutMs = options.timeoutMs;
  }

  protected work(): unknown {
    return this.#runtime.invoke(
      this.#kind,
      this.#id,
      this.#input,
      new HandlerCall(this.#caller, this),
    );
  }

  protected timeoutError(): Error {
    const phase = `${CONTRIBUTION_NOUNS[this.#kind]} "${this.#id}"`;
    return timeoutError(this.#plugin, phase, this.#timeoutMs);
  }
}

function timeoutError(plugin: string, phase: string, timeoutMs: number): Error {
  return createError(hostErrors.PLUGIN_TIMEOUT, { plugin, phase, timeoutMs }, { plugin });
}
