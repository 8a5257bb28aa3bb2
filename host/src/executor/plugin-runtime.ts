import type {
  FullPluginContext,
  Handler,
  Off,
  PluginDefinition,
  PluginTypes,
} from '@stack-plugin/pdk';
import type { ContributionKind } from './plugin-executor.js';

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
  readonly send: SendCapabilityCall;
}

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

/**
 * The plugin side of every executor: builds `ctx` over a capability channel, keeps the
 * handlers and listeners the plugin registers, and runs them when the host asks. The same
 * code runs in the host process, in a worker and in a child process, which is what makes a
 * plugin behave alike at every isolation level.
 */
export class PluginRuntime {
  readonly #definition: PluginDefinition<PluginTypes>;
  readonly #send: SendCapabilityCall;
  readonly #handlers = new Map<string, Handler<unknown, unknown>>();
  readonly #listeners = new Map<string, (event: never) => unknown>();
  readonly #lifetime = new AbortController();
  readonly #ctx: FullPluginContext;
  #nextListener = 0;

  constructor(definition: PluginDefinition<PluginTypes>, options: PluginRuntimeOptions) {
    this.#definition = definition;
    this.#send = options.send;
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

  /** Runs a registered handler. */
  async invoke(
    kind: ContributionKind,
    id: string,
    input: unknown,
    call: { caller: string; signal: AbortSignal },
  ): Promise<unknown> {
    const handler = this.#handlers.get(`${kind}:${id}`);
    if (handler === undefined) {
      throw new Error(`no handler registered for ${kind} "${id}"`);
    }
    return handler(input, { caller: call.caller, signal: call.signal });
  }

  /** Delivers an event to a listener; unknown ids are ignored (the listener was removed). */
  async deliver(listenerId: string, event: unknown): Promise<void> {
    const listener = this.#listeners.get(listenerId);
    if (listener !== undefined) await listener(event as never);
  }

  #buildContext(options: PluginRuntimeOptions): FullPluginContext {
    const send = this.#send;
    const call =
      (capability: string, method: string) =>
      (...args: unknown[]): Promise<never> =>
        send(capability, method, args) as Promise<never>;
    const stateStore = (capability: string) => ({
      get: call(capability, 'get'),
      set: call(capability, 'set'),
      delete: call(capability, 'delete'),
      keys: call(capability, 'keys'),
    });
    const registry = (kind: ContributionKind) => ({
      register: async (id: string, handler: Handler<unknown, unknown>): Promise<Off> => {
        if (typeof handler !== 'function')
          throw new TypeError(`${kind} "${id}": handler must be a function`);
        await send('contributions', 'register', [kind, id]);
        this.#handlers.set(`${kind}:${id}`, handler);
        return once(async () => {
          this.#handlers.delete(`${kind}:${id}`);
          await send('contributions', 'unregister', [kind, id]);
        });
      },
    });
    const log = (level: string) => (message: string, data?: Record<string, unknown>) => {
      // Logging is fire-and-forget for the plugin; a failed write must not fail its caller.
      send('log', 'write', [level, String(message), data]).catch(() => {});
    };
    const contributions = Object.fromEntries(
      HANDLER_KINDS.map((kind) => [kind, registry(kind)]),
    ) as Record<ContributionKind, ReturnType<typeof registry>>;

    const ctx = {
      plugin: Object.freeze({ name: options.plugin.name, version: options.plugin.version }),
      config: deepFreeze(structuredClone(options.config)),
      signal: this.#lifetime.signal,
      log: Object.freeze({
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
      }),
      ...contributions,
      commands: {
        ...contributions.commands,
        execute: (id: string, input?: unknown) => send('commands', 'execute', [id, input]),
      },
      fs: {
        readFile: call('fs', 'readFile'),
        readBytes: call('fs', 'readBytes'),
        readdir: call('fs', 'readdir'),
        stat: call('fs', 'stat'),
        exists: call('fs', 'exists'),
        writeFile: call('fs', 'writeFile'),
        mkdir: call('fs', 'mkdir'),
        rm: call('fs', 'rm'),
      },
      net: { fetch: call('net', 'fetch') },
      env: { get: call('env', 'get') },
      secrets: { get: call('secrets', 'get') },
      exec: (command: string, args: readonly string[] = [], execOptions: object = {}) =>
        send('exec', 'run', [command, [...args], execOptions]),
      events: {
        emit: (topic: string, payload?: unknown) => send('events', 'emit', [topic, payload]),
        on: async (pattern: string, listener: (event: never) => unknown): Promise<Off> => {
          if (typeof listener !== 'function') throw new TypeError('listener must be a function');
          const listenerId = `l${this.#nextListener++}`;
          await send('events', 'on', [pattern, listenerId]);
          this.#listeners.set(listenerId, listener);
          return once(async () => {
            this.#listeners.delete(listenerId);
            await send('events', 'off', [listenerId]);
          });
        },
      },
      state: { ...stateStore('state'), shared: stateStore('sharedState') },
    };
    return deepFreeze(ctx) as unknown as FullPluginContext;
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
