import type {
  CallContext,
  ContextEntry,
  FullPluginContext,
  Handler,
  Off,
  PluginDefinition,
  PluginTypes,
} from '@stack-plugin/pdk';
import type { ContributionKind } from './plugin-executor.js';

/** Log records of one plugin waiting for the host at once; more are dropped. */
const LOGS_IN_FLIGHT = 64;
/** Characters of a log message sent (the host's default `logRecordBytes` is twice this). */
const LOG_TEXT_LIMIT = 8 * 1024 - 16;

/** Sends one capability call to the host and resolves with its result. */
export type SendCapabilityCall = (
  capability: string,
  method: string,
  args: readonly unknown[],
) => Promise<unknown>;

/** What the plugin side needs to build `ctx`. */
export interface PluginRuntimeOptions {
  readonly plugin: { readonly name: string; readonly version: string };
  readonly config: Record<string, unknown>;
  /**
   * How `ctx` is built from the wire methods: the pdk's `CONTEXT_LAYOUT`, passed in as data
   * because a strict sandbox cannot import the pdk.
   */
  readonly layout: readonly ContextEntry[];
  readonly send: SendCapabilityCall;
  /**
   * Wire methods answered without `send`, by `capability.method` (`events.emit`): what the
   * executor has for them is the very call `send` would make, without its call object or its
   * array of arguments. Only an executor in the host's process has lanes; a method without
   * one, and a call with more than two arguments, goes through `send`.
   */
  readonly lanes?: ReadonlyMap<string, CapabilityLane>;
}

/**
 * One wire method's call given its first two arguments, `undefined` for one not given: the
 * same outcome as `send` with the method's name and those arguments. So only a method whose
 * answer does not depend on whether its second argument was given at all has a lane
 * (`events.emit`: a missing payload is `undefined` on every way in).
 */
export type CapabilityLane = (first: unknown, second: unknown) => Promise<unknown>;

// A strict sandbox may read only its runtime files, so this module imports no pdk values and
// cannot use the pdk's CALLABLE_KINDS; the Record type makes the compiler hold these keys equal
// to it (a kind missing or extra here is a type error).
const HANDLER_KINDS = Object.keys({
  commands: true,
  steps: true,
  transformers: true,
  validators: true,
  formatters: true,
  hooks: true,
  skills: true,
} satisfies Record<ContributionKind, true>) as ContributionKind[];

/** The object at the first `depth` keys of `path` under `root`, made empty where missing. */
function reach(
  root: Record<string, unknown>,
  path: readonly string[],
  depth: number,
): Record<string, unknown> {
  let target = root;
  for (let i = 0; i < depth; i++) {
    const key = path[i] as string;
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  return target;
}

/**
 * An abort signal made when it is first read. Most handlers never read `call.signal`, and an
 * `AbortController` (an event target with its own listeners map) was the largest allocation
 * of a call. Aborting before the signal exists is kept: a signal read later is already aborted.
 */
export class LazySignal {
  #controller: AbortController | undefined;
  #aborted: { readonly reason: unknown } | undefined;

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted !== undefined) this.#controller.abort(this.#aborted.reason);
    }
    return this.#controller.signal;
  }

  /** Aborts with `reason`, the first time only. */
  abort(reason: unknown): void {
    if (this.#aborted !== undefined) return;
    this.#aborted = { reason };
    this.#controller?.abort(reason);
  }
}

/**
 * The `call` a handler is handed, at every isolation level alike: its caller, and its signal,
 * read from `source` when the handler asks for it. The source stays out of the handler's
 * reach, so a handler cannot abort its own call's signal for the host.
 */
export class HandlerCall implements CallContext {
  readonly caller: string;
  readonly #source: { readonly signal: AbortSignal };

  constructor(caller: string, source: { readonly signal: AbortSignal }) {
    this.caller = caller;
    this.#source = source;
  }

  get signal(): AbortSignal {
    return this.#source.signal;
  }
}

/**
 * The plugin side of every executor: builds `ctx` over a capability channel, keeps the
 * handlers and listeners the plugin registers, and runs them when the host asks. The same
 * code runs in the host process, in a worker and in a child process, which is what makes a
 * plugin behave alike at every isolation level.
 */
export class PluginRuntime {
  readonly #definition: PluginDefinition<PluginTypes>;
  readonly #send: SendCapabilityCall;
  readonly #lanes: ReadonlyMap<string, CapabilityLane> | undefined;
  /** By kind, then id: a call looks its handler up without building a key string. */
  readonly #handlers = new Map<ContributionKind, Map<string, Handler<unknown, unknown>>>();
  /** The handler invoked last, answered without a lookup until a handler is added or removed. */
  #lastKind: ContributionKind | undefined;
  #lastId: string | undefined;
  #lastHandler: Handler<unknown, unknown> | undefined;
  readonly #listeners = new Map<string, (event: never) => unknown>();
  readonly #lifetime = new AbortController();
  readonly #ctx: FullPluginContext;
  #nextListener = 0;

  constructor(definition: PluginDefinition<PluginTypes>, options: PluginRuntimeOptions) {
    this.#definition = definition;
    this.#send = options.send;
    this.#lanes = options.lanes;
    this.#ctx = this.#buildContext(options);
  }

  /** The context handed to the plugin. */
  get context(): FullPluginContext {
    return this.#ctx;
  }

  /** Runs `activate(ctx)`. */
  async activate(): Promise<void> {
    await this.#definition.activate(this.#ctx as never);
  }

  /** Aborts `ctx.signal`, then runs `deactivate(ctx)` if the plugin has one. */
  async deactivate(): Promise<void> {
    this.#lifetime.abort(new Error('plugin deactivated'));
    await this.#definition.deactivate?.(this.#ctx as never);
  }

  /**
   * Runs a registered handler and returns what it returned: a synchronous handler's value as
   * it is, not wrapped in a promise, so that the caller settles the call without another
   * microtask hop. Throws (synchronously) what the handler throws.
   *
   * `call` is handed to the handler as its second argument, as it is: a {@link HandlerCall} of
   * its own per call, whose signal is made only if the handler reads it.
   */
  invoke(kind: ContributionKind, id: string, input: unknown, call: CallContext): unknown {
    let handler = this.#lastHandler;
    if (handler === undefined || id !== this.#lastId || kind !== this.#lastKind) {
      handler = this.#handlers.get(kind)?.get(id);
      this.#lastKind = kind;
      this.#lastId = id;
      this.#lastHandler = handler;
    }
    if (handler === undefined) {
      throw new Error(`no handler registered for ${kind} "${id}"`);
    }
    return handler(input, call);
  }

  /** Delivers an event to a listener; unknown ids are ignored (the listener was removed). */
  async deliver(listenerId: string, event: unknown): Promise<void> {
    const listener = this.#listeners.get(listenerId);
    if (listener !== undefined) await listener(event as never);
  }

  #buildContext(options: PluginRuntimeOptions): FullPluginContext {
    const ctx: Record<string, unknown> = {
      plugin: Object.freeze({ name: options.plugin.name, version: options.plugin.version }),
      config: deepFreeze(structuredClone(options.config)),
      signal: this.#lifetime.signal,
      // Host-defined capabilities are added under it by their layout entries.
      host: {},
    };
    // What undoes a listener or a registration: the capability's `internal` method. Looked up
    // once per context, not once per entry (a search of the layout per entry was most of
    // building a context, which a host starting 1,000 plugins does 1,000 times).
    const undoMethods = new Map<string, string>();
    for (const entry of options.layout) {
      if (entry.exposure === 'internal' && !undoMethods.has(entry.capability))
        undoMethods.set(entry.capability, entry.method);
    }
    for (const entry of options.layout) {
      this.#expose(ctx, entry, options.layout, undoMethods.get(entry.capability) ?? entry.method);
    }
    return deepFreeze(ctx) as unknown as FullPluginContext;
  }

  /** Puts one wire method on `ctx` the way its descriptor says (`exposure`). */
  #expose(
    ctx: Record<string, unknown>,
    entry: ContextEntry,
    layout: readonly ContextEntry[],
    undo: string,
  ): void {
    const send = this.#send;
    const { capability, method, path } = entry;
    if (entry.select !== undefined) {
      // Methods that take their target first: the default one ('') on the member itself,
      // named ones through `select(name)`; set up once, by the capability's first entry.
      const at0 = reach(ctx, path, path.length);
      if (at0[entry.select] === undefined) {
        Object.assign(at0, this.#bound(capability, [''], layout));
        at0[entry.select] = (name: string) => {
          if (typeof name !== 'string' || name === '')
            throw new TypeError(`${entry.select}: the name must be a non-empty string`);
          return deepFreeze(this.#bound(capability, [name], layout));
        };
      }
      return;
    }
    switch (entry.exposure) {
      case 'call': {
        const lane = this.#lanes?.get(`${capability}.${method}`);
        reach(ctx, path, path.length)[method] =
          lane === undefined
            ? (...args: unknown[]) => send(capability, method, args)
            : function laneCall(first: unknown, second: unknown) {
                // `arguments` rather than a rest parameter: an emit makes no array, and the
                // rare call with extra arguments is refused by the host as from a sandbox.
                // biome-ignore lint/complexity/noArguments: see above
                if (arguments.length > 2) return send(capability, method, [...arguments]);
                return lane(first, second);
              };
        return;
      }
      case 'transaction':
        reach(ctx, path, path.length)[method] = this.#transaction(entry, [], layout);
        return;
      case 'function':
        reach(ctx, path, path.length - 1)[path[path.length - 1] as string] = (...args: unknown[]) =>
          send(capability, method, args);
        return;
      case 'listener':
        reach(ctx, path, path.length)[method] = this.#listen(capability, method, undo);
        return;
      case 'registry':
        for (const kind of HANDLER_KINDS)
          reach(ctx, [kind], 1).register = this.#register(kind, entry, undo);
        return;
      case 'logger': {
        const log = reach(ctx, path, path.length);
        // Logging is fire-and-forget for the plugin, so nothing would ever wait for the host:
        // records are counted in flight and dropped beyond the limit, and cut to the host's
        // default record budget, before anything crosses to the host. The host enforces its
        // own (policy) budgets on what arrives.
        let inFlight = 0;
        const settled = () => {
          inFlight--;
        };
        for (const level of ['debug', 'info', 'warn', 'error']) {
          log[level] = (message: string, data?: Record<string, unknown>) => {
            if (inFlight >= LOGS_IN_FLIGHT) return;
            inFlight++;
            const text = String(message);
            const cut = text.length > LOG_TEXT_LIMIT ? `${text.slice(0, LOG_TEXT_LIMIT)}…` : text;
            // A failed write must not fail its caller.
            send(capability, method, [level, cut, data]).then(settled, settled);
          };
        }
        return;
      }
      default:
        // `internal`: the runtime calls it itself (an `off`).
        return;
    }
  }

  /**
   * The `call` and `transaction` methods of `capability` with `prefix` (the target) sent
   * first; inside a unit of work (`unit`), its `call` methods only, with the unit's id
   * as their last declared parameter.
   */
  #bound(
    capability: string,
    prefix: readonly unknown[],
    layout: readonly ContextEntry[],
    unit?: unknown,
  ): Record<string, unknown> {
    const api: Record<string, unknown> = {};
    for (const entry of layout) {
      if (entry.capability !== capability) continue;
      const { method } = entry;
      if (entry.exposure === 'call') {
        const width = entry.arity - prefix.length - 1;
        api[method] =
          unit === undefined
            ? (...args: unknown[]) => this.#send(capability, method, [...prefix, ...args])
            : (...args: unknown[]) => {
                const own = args.slice(0, width);
                while (own.length < width) own.push(undefined);
                return this.#send(capability, method, [...prefix, ...own, unit]);
              };
      } else if (entry.exposure === 'transaction' && unit === undefined) {
        api[method] = this.#transaction(entry, prefix, layout);
      }
    }
    return api;
  }

  /** `transaction(fn)`: opens a unit of work, runs `fn` in it, commits or rolls back. */
  #transaction(entry: ContextEntry, prefix: readonly unknown[], layout: readonly ContextEntry[]) {
    const { capability, method, ends } = entry;
    return async (fn: (scope: unknown) => unknown): Promise<unknown> => {
      if (typeof fn !== 'function') throw new TypeError(`${method}: fn must be a function`);
      if (ends === undefined) throw new TypeError(`${method}: the capability declares no ends`);
      const unit = await this.#send(capability, method, [...prefix]);
      let result: unknown;
      try {
        result = await fn(deepFreeze(this.#bound(capability, prefix, layout, unit)));
      } catch (error) {
        // The plugin's error is what it needs to see; a failed rollback is the host's to
        // clean up (it drops abandoned units of work itself).
        await this.#send(capability, ends.rollback, [...prefix, unit]).catch(() => undefined);
        throw error;
      }
      await this.#send(capability, ends.commit, [...prefix, unit]);
      return result;
    };
  }

  /** `on(pattern, listener)`: the listener stays here, the host knows it by id. */
  #listen(capability: string, method: string, off: string) {
    return async (pattern: string, listener: (event: never) => unknown): Promise<Off> => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const listenerId = `l${this.#nextListener++}`;
      await this.#send(capability, method, [pattern, listenerId]);
      this.#listeners.set(listenerId, listener);
      return once(async () => {
        this.#listeners.delete(listenerId);
        await this.#send(capability, off, [listenerId]);
      });
    };
  }

  /** `ctx.<kind>.register(id, handler)`: the handler stays here, the host records the id. */
  #register(kind: ContributionKind, entry: ContextEntry, unregister: string) {
    return async (id: string, handler: Handler<unknown, unknown>): Promise<Off> => {
      if (typeof handler !== 'function')
        throw new TypeError(`${kind} "${id}": handler must be a function`);
      await this.#send(entry.capability, entry.method, [kind, id]);
      let ofKind = this.#handlers.get(kind);
      if (ofKind === undefined) {
        ofKind = new Map();
        this.#handlers.set(kind, ofKind);
      }
      ofKind.set(id, handler);
      this.#lastHandler = undefined;
      return once(async () => {
        ofKind.delete(id);
        this.#lastHandler = undefined;
        await this.#send(entry.capability, unregister, [kind, id]);
      });
    };
  }
}

function once(fn: () => Promise<void>): Off {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const child = (value as Record<PropertyKey, unknown>)[key];
      // AbortSignal is a host object whose internal state must stay mutable.
      if (!(child instanceof AbortSignal)) deepFreeze(child);
    }
  }
  return value;
}
