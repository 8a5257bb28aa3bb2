import {
  type ContextEntry,
  createError,
  pdkErrors,
  type StackPluginError,
} from '@stack-plugin/pdk';
import { createInFlightGate } from '../_internal/in-flight-gate.js';
import { payloadRefusal, UnsentPayload } from '../broker/check-payload.js';
import { postPlain } from '../broker/payload-rules.js';
import type { CapabilityHandler } from '../executor/plugin-executor.js';
import { hostErrors } from '../host-errors.js';
import { sharedDeadlines } from '../services/node/deadlines.js';
import { fromWireError } from './_from-wire.js';
import {
  type InitMessage,
  type SandboxOp,
  toWireError,
  type WireError,
  type WireFault,
} from './_protocol.js';
import { Registrations, type ReleaseCall } from './_registrations.js';
import { crashError, describeExit, type SandboxEnd } from './_sandbox-end.js';
import {
  checkSandboxMessage,
  inspectPayload,
  payloadBytes,
  type RpcLimits,
  TokenBucket,
} from './rpc-guard.js';
import type { SandboxExit, SandboxTransport } from './sandbox-transport.js';

export type { SandboxEnd } from './_sandbox-end.js';

/** Settings of one connection. */
export interface SandboxConnectionOptions {
  readonly plugin: { readonly name: string; readonly version: string };
  readonly capabilities: CapabilityHandler;
  readonly limits: { readonly timeoutMs: number; readonly memoryMb: number };
  readonly rpc: RpcLimits;
  /** How long a sandbox has to answer a ping after a call timed out before it counts as hung. */
  readonly hangGraceMs: number;
  /** How often memory is sampled; 0 turns the watchdog off. */
  readonly memoryPollMs: number;
  /** Called once when the sandbox ends. */
  readonly onEnd: (end: SandboxEnd) => void;
  /** Host-defined capabilities the plugin may call besides the kit's (their `ctx` layout). */
  readonly hostLayout?: readonly ContextEntry[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The host side of one sandbox incarnation: sends calls with a timeout each, answers the
 * plugin's capability calls after validating them (shape, payload, rate), detects hangs and
 * memory overruns, and rejects everything in flight when the sandbox ends.
 */
export class SandboxConnection {
  readonly #transport: SandboxTransport;
  readonly #options: SandboxConnectionOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #pings = new Map<number, () => void>();
  readonly #bucket: TokenBucket;
  readonly #byteBucket: TokenBucket;
  readonly #registrations = new Registrations();
  #nextId = 0;
  readonly #inFlight: ReturnType<typeof createInFlightGate>;
  #ending: SandboxEnd | undefined;
  #ended = false;
  #watchdog: ReturnType<typeof setInterval> | undefined;

  readonly #hostMethods: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  /** The transport's `send`, made once: every message to the sandbox goes through it. */
  readonly #post: SandboxTransport['send'];

  constructor(transport: SandboxTransport, options: SandboxConnectionOptions) {
    this.#transport = transport;
    this.#post = (message) => transport.send(message);
    this.#hostMethods = hostMethods(options.hostLayout);
    this.#options = options;
    this.#bucket = new TokenBucket(options.rpc.callsPerSecond, options.rpc.burst);
    this.#inFlight = createInFlightGate(options.plugin.name, options.rpc.maxInFlight);
    this.#byteBucket = new TokenBucket(options.rpc.bytesPerSecond, options.rpc.burstBytes);
    transport.onMessage((raw) => this.#receive(raw));
    transport.onExit((exit) => this.#exited(exit));
    transport.onOutput((stream, line) => {
      this.#capability('log', 'write', [
        stream === 'stderr' ? 'warn' : 'info',
        line,
        { stream },
      ]).catch(() => {});
    });
    if (options.memoryPollMs > 0) {
      this.#watchdog = setInterval(() => void this.#checkMemory(), options.memoryPollMs);
      this.#watchdog.unref();
    }
  }

  /** Whether the sandbox is gone. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Capability registrations the plugin holds (contributions and event listeners). */
  registrations(): ReleaseCall[] {
    return this.#registrations.releases();
  }

  /**
   * Gives the sandbox its plugin; resolves once the code is evaluated and its `ctx` built.
   * With `sent`, the sandbox got `message` with its boot data and is loading it already, so
   * this only waits for its answer (under the same load timeout).
   */
  init(message: InitMessage, options: { sent?: boolean } = {}): Promise<void> {
    return this.#request(-1, { phase: 'load', timeoutMs: this.#options.limits.timeoutMs }, () => {
      if (options.sent !== true) this.#send(message);
    }) as Promise<void>;
  }

  /** Runs one operation in the sandbox. */
  call(
    op: SandboxOp,
    args: readonly unknown[],
    options: { timeoutMs: number; signal?: AbortSignal; phase: string },
  ): Promise<unknown> {
    const id = this.#nextId++;
    return this.#request(id, options, () => this.#send({ t: 'call', id, op, args }));
  }

  /** Stops the sandbox. */
  async dispose(): Promise<void> {
    await this.#end({ kind: 'disposed', detail: 'disposed by the host' });
  }

  #request(
    id: number,
    options: { timeoutMs: number; signal?: AbortSignal; phase: string },
    send: (id: number) => void,
  ): Promise<unknown> {
    if (this.#ended) return Promise.reject(this.#crashError(this.#ending));
    return new Promise((resolve, reject) => {
      const { signal } = options;
      const cleanup = () => {
        deadline.cancel();
        signal?.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
      };
      const onAbort = () => {
        cleanup();
        this.#trySend({ t: 'abort', id });
        reject(signal?.reason);
      };
      // On the process's shared deadlines, not a timer per call: a Node timer armed and
      // cleared for every round trip cost 0.6 us back to back and 2.7 us after other work.
      // Not held: the sandbox's thread or process keeps the host's process alive meanwhile.
      const deadline = sharedDeadlines().add(() => {
        cleanup();
        reject(
          createError(
            hostErrors.PLUGIN_TIMEOUT,
            {
              plugin: this.#options.plugin.name,
              phase: options.phase,
              timeoutMs: options.timeoutMs,
            },
            { plugin: this.#options.plugin.name },
          ),
        );
        this.#trySend({ t: 'abort', id });
        void this.#checkAlive();
      }, options.timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (v) => {
          cleanup();
          resolve(v);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      });
      try {
        send(id);
      } catch (error) {
        this.#pending.get(id)?.reject(error);
      }
    });
  }

  /** A timed-out call may be slow or the sandbox may be stuck in a loop: ask it. */
  async #checkAlive(): Promise<void> {
    if (this.#ended) return;
    const id = this.#nextId++;
    const answered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.#options.hangGraceMs);
      this.#pings.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#trySend({ t: 'ping', id });
    });
    this.#pings.delete(id);
    if (!answered) {
      await this.#end({
        kind: 'hang',
        detail: `it did not answer within ${this.#options.hangGraceMs} ms after a call timed out (stuck in a loop?)`,
      });
    }
  }

  async #checkMemory(): Promise<void> {
    const bytes = await this.#transport.memoryBytes().catch(() => undefined);
    const limit = this.#options.limits.memoryMb * 1024 * 1024;
    if (bytes !== undefined && bytes > limit) {
      await this.#end({
        kind: 'out-of-memory',
        detail: `it used ${Math.round(bytes / 1048576)} MB, over its ${this.#options.limits.memoryMb} MB limit`,
      });
    }
  }

  /**
   * Sends `message` to the sandbox. A value the payload rule accepts but a clone refuses (a
   * Proxy the host was handed as a command's input or an event's payload) crosses as the plain
   * data it reads as, as a plugin at isolation `none` would read it.
   */
  #send(message: Parameters<SandboxTransport['send']>[0]): void {
    postPlain(this.#post, message);
  }

  #trySend(message: Parameters<SandboxTransport['send']>[0]): void {
    try {
      this.#send(message);
    } catch {
      // The sandbox is gone; its exit handler settles everything in flight.
    }
  }

  #receive(raw: unknown): void {
    if (this.#ended) return;
    const checked = checkSandboxMessage(raw, this.#hostMethods);
    if (!checked.ok) {
      void this.#end({
        kind: 'protocol',
        detail: `it sent an invalid message (${checked.reason})`,
      });
      return;
    }
    const message = checked.message;
    switch (message.t) {
      case 'booted':
        return;
      case 'ready':
        this.#pending.get(-1)?.resolve(undefined);
        return;
      case 'fatal':
        this.#pending.get(-1)?.reject(
          createError(
            hostErrors.PLUGIN_ACTIVATION_FAILED,
            {
              plugin: this.#options.plugin.name,
              phase: 'load',
              detail: String(message.error.message).slice(0, 2_000),
            },
            {
              plugin: this.#options.plugin.name,
              cause: fromWireError(message.error, this.#options.plugin.name),
            },
          ),
        );
        return;
      case 'pong':
        this.#pings.get(message.id)?.();
        return;
      case 'result': {
        const pending = this.#pending.get(message.id);
        if (pending === undefined) return;
        const problem = inspectPayload(
          message.ok ? message.value : message.error,
          this.#options.rpc,
        );
        if (problem !== undefined) pending.reject(this.#rejected(`result ${problem}`));
        else if (message.fault !== undefined) pending.resolve(new UnsentPayload(message.fault));
        else if (message.ok) pending.resolve(message.value);
        else pending.reject(fromWireError(message.error as WireError, this.#options.plugin.name));
        return;
      }
      case 'cap':
        void this.#answer(
          message.id,
          message.capability,
          message.method,
          message.args,
          message.fault,
        );
        return;
    }
  }

  async #answer(
    id: number,
    capability: string,
    method: string,
    args: readonly unknown[],
    fault: WireFault | undefined,
  ): Promise<void> {
    let reply: { ok: boolean; value?: unknown; error?: WireError };
    try {
      reply = { ok: true, value: await this.#guardedCapability(capability, method, args, fault) };
    } catch (error) {
      reply = { ok: false, error: toWireError(error) };
    }
    if (this.#ended) return;
    try {
      this.#send({ t: 'capResult', id, ...reply });
    } catch (error) {
      this.#trySend({ t: 'capResult', id, ok: false, error: toWireError(error) });
    }
  }

  async #guardedCapability(
    capability: string,
    method: string,
    args: readonly unknown[],
    fault: WireFault | undefined,
  ): Promise<unknown> {
    const { rpc } = this.#options;
    const plugin = this.#options.plugin.name;
    if (!this.#bucket.take()) {
      throw createError(hostErrors.PLUGIN_RATE_LIMITED, {
        plugin,
        detail: `${rpc.callsPerSecond} calls/s, burst ${rpc.burst}`,
      });
    }
    if (!this.#byteBucket.take(payloadBytes(args, rpc.burstBytes))) {
      throw createError(hostErrors.PLUGIN_RATE_LIMITED, {
        plugin,
        detail: `${rpc.bytesPerSecond} argument bytes/s, burst ${rpc.burstBytes}`,
      });
    }
    // Refused by the sandbox with the broker's own rule: answered in the broker's words, as
    // the same call at isolation `none` is (after the rates, which every message pays).
    if (fault !== undefined) {
      throw payloadRefusal(`The arguments of ${capability}.${method}`, fault, plugin);
    }
    return this.#inFlight(async () => {
      const problem = inspectPayload(args, rpc);
      if (problem !== undefined)
        throw this.#rejected(`arguments of ${capability}.${method}: ${problem}`);
      const value = await this.#capability(capability, method, args);
      this.#registrations.track(capability, method, args);
      return value;
    });
  }

  #capability(capability: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const { timeoutMs } = this.#options.limits;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            createError(pdkErrors.CAPABILITY_TIMEOUT, {
              plugin: this.#options.plugin.name,
              call: `${capability}.${method}`,
              timeoutMs,
            }),
          ),
        timeoutMs,
      );
      timer.unref?.();
      Promise.resolve()
        .then(() => this.#options.capabilities({ capability, method, args }))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }

  async #end(end: SandboxEnd): Promise<void> {
    if (this.#ending === undefined) this.#ending = end;
    await this.#transport.kill();
  }

  #exited(exit: SandboxExit): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#watchdog !== undefined) clearInterval(this.#watchdog);
    const end: SandboxEnd = this.#ending ?? {
      kind: exit.outOfMemory ? 'out-of-memory' : 'crash',
      detail: describeExit(exit),
      exit,
    };
    this.#ending = { ...end, exit };
    const error = this.#crashError(this.#ending);
    for (const pending of [...this.#pending.values()]) pending.reject(error);
    for (const pong of this.#pings.values()) pong();
    this.#options.onEnd(this.#ending);
  }

  #crashError(end: SandboxEnd | undefined): StackPluginError {
    return crashError(this.#options.plugin.name, this.#options.limits.timeoutMs, end);
  }

  #rejected(detail: string): StackPluginError {
    return createError(hostErrors.PLUGIN_MESSAGE_REJECTED, {
      plugin: this.#options.plugin.name,
      detail,
    });
  }
}

/** The wire methods of host-defined capabilities, by capability, from their layout. */
function hostMethods(
  layout: readonly ContextEntry[] | undefined,
): ReadonlyMap<string, ReadonlySet<string>> | undefined {
  if (layout === undefined || layout.length === 0) return undefined;
  const methods = new Map<string, Set<string>>();
  for (const { capability, method } of layout) {
    const set = methods.get(capability) ?? new Set<string>();
    set.add(method);
    methods.set(capability, set);
  }
  return methods;
}
