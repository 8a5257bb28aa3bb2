/**
 * The wire protocol between the host and one sandbox (a worker or a child process). Every
 * message is a plain structured-clonable object with a `t` tag. The sandbox side is untrusted:
 * the host validates every message it receives (`rpc-guard.ts`) before acting on it.
 */

import type { ContextEntry } from '@stack-plugin/pdk';

// A sandbox imports this module at boot, so it names no builtin at its top: an ES import of
// `node:fs` or `node:v8` makes Node build their module namespaces, which loads some 25
// internal modules (fs streams and promises, readline, heap utilities) a worker never uses.
// The boot-frame functions below take the builtins they need when they run.

/** Operations the host asks a sandbox to run. */
export type SandboxOp = 'activate' | 'deactivate' | 'invoke' | 'deliver';

/** An error as it crosses the boundary. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly hint?: string;
  /**
   * The plugin a coded error names (`StackPluginError.plugin`): the host keeps it only when it
   * is the sandbox's own plugin, so that a plugin's own error reaches callers as it does at
   * isolation `none` instead of being wrapped as an unknown failure.
   */
  readonly plugin?: string;
  /** The typed arguments of a catalog error (`StackPluginError.data`), as JSON values. */
  readonly data?: Record<string, unknown>;
  readonly stack?: string;
}

/** Host -> sandbox. */
export type HostMessage =
  | {
      readonly t: 'init';
      readonly plugin: { readonly name: string; readonly version: string };
      readonly config: Record<string, unknown>;
      readonly script: string;
      readonly callTimeoutMs: number;
      /** Rates the sandbox holds its plugin to before anything crosses to the host. */
      readonly flow: FlowLimits;
      /** How the plugin's `ctx` is built (the pdk's `CONTEXT_LAYOUT`). */
      readonly layout: readonly ContextEntry[];
    }
  | {
      readonly t: 'call';
      readonly id: number;
      readonly op: SandboxOp;
      readonly args: readonly unknown[];
    }
  | { readonly t: 'abort'; readonly id: number }
  | { readonly t: 'ping'; readonly id: number }
  | {
      readonly t: 'capResult';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: WireError;
    };

/**
 * The one message that gives a sandbox its plugin. A freshly spawned sandbox receives it with
 * its boot data (no `booted` -> `init` round trip); a pooled spare receives it as a message.
 */
export type InitMessage = Extract<HostMessage, { readonly t: 'init' }>;

/** Sandbox -> host. */
export type SandboxMessage =
  | { readonly t: 'booted' }
  | { readonly t: 'ready' }
  | { readonly t: 'fatal'; readonly error: WireError }
  | {
      readonly t: 'result';
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: WireError;
      /**
       * Set instead of `value` (with `ok`) when the sandbox found the value refused by the
       * host's payload rule: the host judges it as the value itself at isolation `none`.
       */
      readonly fault?: WireFault;
    }
  | { readonly t: 'pong'; readonly id: number }
  | {
      readonly t: 'cap';
      readonly id: number;
      readonly capability: string;
      readonly method: string;
      readonly args: readonly unknown[];
      /**
       * Set instead of the arguments (`args` is then empty) when the sandbox found them
       * refused by the host's payload rule before sending: the host answers with its own
       * refusal, as it would have at isolation `none`.
       */
      readonly fault?: WireFault;
    };

/** Where and why a sandbox found its plugin's call arguments refused (see `payload-rules`). */
export interface WireFault {
  readonly pointer: string;
  readonly detail: string;
}

// The wire allow-list of capability calls is `CAPABILITY_METHODS` of the pdk, derived from its
// capability table; the host's RPC guard reads it there (this file must stay loadable in a
// sandbox, which may import no package).

/** Turns any thrown value into a {@link WireError}. */
export function toWireError(error: unknown): WireError {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
      ...(typeof e.plugin === 'string' ? { plugin: e.plugin } : {}),
      ...wireData(e.data),
      ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * The rates of the host's RPC limits, applied first in the sandbox by its runtime (code the
 * plugin cannot reach): a refused call never crosses the channel, so the host does not pay to
 * deserialize a flood only to refuse it. The host applies the same rates again on arrival.
 */
export interface FlowLimits {
  /** Calls the sandbox sends before it answers; beyond, calls wait inside the sandbox. */
  readonly maxOutstanding: number;
  readonly maxPayloadBytes: number;
  readonly callsPerSecond: number;
  readonly burst: number;
  readonly bytesPerSecond: number;
  readonly burstBytes: number;
}

/**
 * The approximate size of a payload as the RPC guard counts it (string and key lengths,
 * eight per other primitive, byte length of binary data), or `limit + 1` as soon as it is
 * larger than `limit`. Iterative, with a set of objects seen, so cycles and depth cost
 * nothing extra; the RPC guard checks shape and depth separately.
 */
export function payloadBytes(value: unknown, limit: number): number {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let bytes = 0;
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') bytes += current.length;
    else if (typeof current !== 'object' || current === null) bytes += 8;
    else if (!seen.has(current)) {
      seen.add(current);
      if (ArrayBuffer.isView(current) || current instanceof ArrayBuffer)
        bytes += current.byteLength;
      else if (current instanceof Map) for (const [k, v] of current) stack.push(k, v);
      else if (current instanceof Set) for (const v of current) stack.push(v);
      else {
        for (const key of Object.keys(current)) {
          bytes += key.length;
          stack.push((current as Record<string, unknown>)[key]);
        }
      }
    }
    if (bytes > limit) return limit + 1;
  }
  return bytes;
}

/**
 * A token bucket: `take()` succeeds while tokens remain and refills at `ratePerSecond` up to
 * `capacity`. Time comes from `now` so tests can drive it.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(
    ratePerSecond: number,
    capacity: number,
    now: () => number = performance.now.bind(performance),
  ) {
    this.#rate = ratePerSecond;
    this.#capacity = capacity;
    this.#now = now;
    this.#tokens = capacity;
    this.#last = now();
  }

  /** Takes `count` tokens (default one); false, taking none, when fewer remain. */
  take(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(
      this.#capacity,
      this.#tokens + ((now - this.#last) / 1000) * this.#rate,
    );
    this.#last = now;
  }
}

/**
 * An error's `data` as JSON values, so it survives any transport (structured clone or JSON)
 * and nothing unclonable (a function, a class instance) can fail the message that carries
 * it; omitted when it is not an object or cannot be written as JSON.
 */
function wireData(data: unknown): { data?: Record<string, unknown> } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  try {
    const copy: unknown = JSON.parse(JSON.stringify(data));
    return typeof copy === 'object' && copy !== null
      ? { data: copy as Record<string, unknown> }
      : {};
  } catch {
    return {};
  }
}

/**
 * What a child-process sandbox reads from stdin at boot, in one write: the SES code cache's
 * length (u32 LE, 0 for none), the cache, then the `init` message in V8's serialization (the
 * same as the IPC channel's) when the child is to load its plugin without waiting for an
 * `init` message. {@link readBootFrame} is the other end.
 */
export function bootFrame(cache: Uint8Array | undefined, init: InitMessage | undefined): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(cache?.length ?? 0);
  return Buffer.concat([
    length,
    cache ?? new Uint8Array(0),
    init === undefined ? new Uint8Array(0) : process.getBuiltinModule('node:v8').serialize(init),
  ]);
}

/** In the sandbox: reads stdin to its end and takes the {@link bootFrame} the host wrote. */
export function readBootFrame(): { sesCache?: Uint8Array; init?: InitMessage } {
  const stdin = readStdin();
  if (stdin === undefined || stdin.length < 4) return {};
  const cacheLength = new DataView(stdin.buffer, stdin.byteOffset).getUint32(0, true);
  return {
    ...(cacheLength > 0 ? { sesCache: stdin.subarray(4, 4 + cacheLength) } : {}),
    ...(stdin.length > 4 + cacheLength
      ? {
          init: process
            .getBuiltinModule('node:v8')
            .deserialize(stdin.subarray(4 + cacheLength)) as InitMessage,
        }
      : {}),
  };
}

/** Reads stdin (fd 0) to its end, synchronously: the sandbox has nothing else to do yet. */
function readStdin(): Uint8Array | undefined {
  const { readSync } = process.getBuiltinModule('node:fs');
  const chunks: Uint8Array[] = [];
  const chunk = new Uint8Array(1 << 16);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as { code?: string }).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      return undefined;
    }
    if (n === 0) break;
    chunks.push(chunk.slice(0, n));
    total += n;
  }
  if (total === 0) return undefined;
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
