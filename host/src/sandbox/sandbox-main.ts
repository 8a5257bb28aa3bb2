/**
 * The sandbox side of the `limited` (worker thread) and `strict` (child process) executors.
 * Runs on its own, never imported by the host: Node runs it directly (type-stripped from
 * source, or from dist). It loads SES, locks the realm down, then takes one plugin (from its
 * boot data when it was spawned for that plugin, else from the host's `init` message) and
 * evaluates it in a Compartment whose globals hold nothing but harmless endowments; the plugin
 * reaches the host only through `ctx`, i.e. through `PluginRuntime` over this message channel.
 */
import type { ContextEntry, PluginDefinition, PluginTypes } from '@stack-plugin/pdk';
import type {
  findPayloadProblem as findPayloadProblemFn,
  postPlain as postPlainFn,
} from '../broker/payload-rules.js';
import type { ContributionKind } from '../executor/plugin-executor.js';
import type {
  HandlerCall as HandlerCallClass,
  LazySignal as LazySignalClass,
  PluginRuntime as PluginRuntimeClass,
} from '../executor/plugin-runtime.js';
import type {
  FlowLimits,
  HostMessage,
  InitMessage,
  readBootFrame as readBootFrameFn,
  SandboxMessage,
  TokenBucket as TokenBucketClass,
  WireError,
  WireFault,
} from './_protocol.js';
import type { BootData } from './_runtime-files.js';

declare const lockdown: (options: Record<string, string>) => void;
declare const harden: <T>(value: T) => T;
declare const Compartment: new (options: {
  globals: Record<string, unknown>;
  __options__: true;
}) => { evaluate(source: string): unknown };

// Taken, not imported: an ES import of `node:fs` builds its namespace (streams, readline...).
const { readFileSync } = process.getBuiltinModule('node:fs');
const { Script } = process.getBuiltinModule('node:vm');
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const boot: BootData = parentPort === null ? JSON.parse(process.argv[2] ?? '{}') : workerData;
const postClone: (message: SandboxMessage) => void =
  parentPort === null
    ? (message) => void process.send?.(message)
    : (message) => parentPort?.postMessage(message);

// Everything the sandbox runtime needs is loaded before lockdown freezes the realm. SES is
// compiled with the host's V8 code cache when there is one (V8 falls back to compiling from
// source when it does not match), which skips most of SES's compile and first-run cost. Both
// runtime modules load in one pass of the module loader.
const [
  { toWireError, payloadBytes, readBootFrame, TokenBucket },
  { PluginRuntime, HandlerCall, LazySignal },
  { findPayloadProblem, postPlain },
] = (await Promise.all([import(boot.protocol), import(boot.runtime), import(boot.payload)])) as [
  {
    toWireError: (error: unknown) => WireError;
    payloadBytes: (value: unknown, limit: number) => number;
    readBootFrame: typeof readBootFrameFn;
    TokenBucket: typeof TokenBucketClass;
  },
  {
    PluginRuntime: typeof PluginRuntimeClass;
    HandlerCall: typeof HandlerCallClass;
    LazySignal: typeof LazySignalClass;
  },
  { findPayloadProblem: typeof findPayloadProblemFn; postPlain: typeof postPlainFn },
];
// A value the payload rule accepts but a clone refuses (a Proxy, as reactive stores hand out)
// crosses as the plain data it reads as, as the host at isolation `none` reads it.
const post = (message: SandboxMessage): void => postPlain(postClone, message);
const frame = boot.sesCacheFrom === 'stdin' ? readBootFrame() : {};
const sesCache = boot.sesCacheFrom === 'data' ? boot.sesCache : frame.sesCache;
const preloaded: InitMessage | undefined = boot.init ?? frame.init;
new Script(readFileSync(boot.ses, 'utf8'), {
  filename: boot.ses,
  ...(sesCache === undefined ? {} : { cachedData: sesCache }),
}).runInThisContext();
lockdown({ ...boot.lockdown });
// Every call hands the plugin a HandlerCall: its class and prototype are frozen, like the
// intrinsics, so no plugin code can change what `call.signal` does.
harden(HandlerCall);

const MAX_TEXT = 16_384;
let runtime: PluginRuntimeClass | undefined;
let callTimeoutMs = 30_000;
let nextCap = 0;
const pendingCaps = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
const calls = new Map<number, LazySignalClass>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
let nextTimer = 1;

function safeWireError(error: unknown): WireError {
  try {
    const wire = toWireError(error);
    return {
      ...wire,
      message: wire.message.slice(0, MAX_TEXT),
      ...(wire.stack === undefined ? {} : { stack: wire.stack.slice(0, MAX_TEXT) }),
    };
  } catch {
    return { name: 'Error', message: 'a value that could not be described was thrown' };
  }
}

// The sandbox imports no package, so a host error arrives as a plain Error with the fields
// of a StackPluginError (code, hint, data); pdk's isStackPluginError recognises that shape.
function fromWire(wire: WireError): Error {
  const { name, message, stack: _stack, ...fields } = wire;
  return Object.assign(new Error(message), { name }, fields);
}

// Flow control at the source: a plugin that fires thousands of calls at once waits here, in
// its own memory, instead of flooding the channel (the host rate-limits on top of this). The
// bound comes with `init` (`flow.maxOutstanding`), the same as an in-process plugin's.
let outstanding = 0;
let queued: Array<() => void> = [];
let head = 0;

function pump(): void {
  // Before `init` no plugin code runs; 1 keeps the loop well-defined all the same.
  while (outstanding < (flow?.limits.maxOutstanding ?? 1) && head < queued.length) {
    const next = queued[head++] as () => void;
    if (head > 1_024 && head * 2 > queued.length) {
      queued = queued.slice(head);
      head = 0;
    }
    next();
  }
}
// The clock of the sandbox's rates. A worker sets `performance` up at first use (perf_hooks:
// ten internal modules, ~0.7 ms inside `init`); process.hrtime reads the same monotonic clock.
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

// After the host refuses a call for rate, refuse locally for a moment instead of making the
// host pay a round trip for each refusal.
const COOL_DOWN_MS = 20;
let coolDown: { until: number; error: WireError } | undefined;

// The host's rates, applied here first (see `FlowLimits`): set by `init`.
let flow: { limits: FlowLimits; calls: TokenBucketClass; bytes: TokenBucketClass } | undefined;

/**
 * Why the host would refuse `args` for size or rate, checked here so that the refused call
 * never crosses the channel (the host checks again on arrival); undefined when it may go.
 */
function overFlow(args: readonly unknown[]): WireError | undefined {
  if (flow === undefined) return undefined;
  const { limits, calls, bytes } = flow;
  const size = payloadBytes(args, limits.maxPayloadBytes);
  if (size > limits.maxPayloadBytes) {
    return {
      name: 'StackPluginError',
      code: 'PLUGIN_MESSAGE_REJECTED',
      message: `The plugin's call arguments are larger than ${limits.maxPayloadBytes} bytes, so the call was refused before it reached the host.`,
      hint: 'Send less data per call; split large values.',
    };
  }
  const detail = !calls.take()
    ? `${limits.callsPerSecond} calls/s, burst ${limits.burst}`
    : !bytes.take(size)
      ? `${limits.bytesPerSecond} argument bytes/s, burst ${limits.burstBytes}`
      : undefined;
  if (detail === undefined) return undefined;
  return {
    name: 'StackPluginError',
    code: 'PLUGIN_RATE_LIMITED',
    message: `The plugin made capability calls faster than the host allows (${detail}), so this call was refused before it reached the host.`,
    hint: 'Batch the work, or slow the plugin down; other plugins are not affected.',
  };
}

/**
 * Where `value` is not plain data by the host's payload rule (a function, a symbol, a class
 * instance), cut to well within what the host's RPC guard accepts of a fault; undefined when
 * it is plain data (what is refused for its shape is the RPC guard's to refuse).
 */
function dataFault(value: unknown): WireFault | undefined {
  const found = findPayloadProblem(value, Number.POSITIVE_INFINITY);
  if (found === undefined || found.kind !== 'data') return undefined;
  return { pointer: found.pointer.slice(0, 1_024), detail: found.detail.slice(0, 1_024) };
}

function send(capability: string, method: string, args: readonly unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const start = () => {
      if (coolDown !== undefined && now() < coolDown.until) {
        reject(fromWire(coolDown.error));
        return;
      }
      // The host's own payload rule, before anything is posted: what is not plain data (a
      // function, a symbol, a class instance) is refused as at isolation `none`, in the
      // broker's words, instead of failing the clone or crossing as a plain object. Plain
      // data refused for its shape (a prototype key, depth, size) goes on to the host's RPC
      // guard, the sandbox's outer wall, whose refusal it has always been.
      const fault = dataFault(args);
      const refused = fault === undefined ? overFlow(args) : undefined;
      if (refused !== undefined) {
        reject(fromWire(refused));
        return;
      }
      outstanding++;
      const id = nextCap++;
      const settle = () => {
        clearTimeout(timer);
        pendingCaps.delete(id);
        outstanding--;
        pump();
      };
      // The host answers every call within its own timeout; this one only guards against a
      // host that never answers, so it must be the longer of the two.
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`host did not answer ${capability}.${method} within ${callTimeoutMs} ms`));
      }, callTimeoutMs + 1_000);
      pendingCaps.set(id, {
        resolve: (v) => {
          settle();
          resolve(v);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      try {
        post(
          fault === undefined
            ? { t: 'cap', id, capability, method, args }
            : { t: 'cap', id, capability, method, args: [], fault },
        );
      } catch (error) {
        pendingCaps.get(id)?.reject(error);
      }
    };
    queued.push(start);
    pump();
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function makeConsole() {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      send('log', 'write', [level, args.map(describe).join(' ').slice(0, MAX_TEXT)]).catch(
        () => {},
      );
    };
  return {
    debug: write('debug'),
    log: write('info'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

// Plugin timers get numeric handles (never a Node Timeout object) and are all cleared when
// the plugin is deactivated.
function makeTimer(repeat: boolean) {
  return (callback: unknown, ms?: number, ...args: unknown[]): number => {
    if (typeof callback !== 'function') throw new TypeError('timer callback must be a function');
    const id = nextTimer++;
    const run = () => {
      if (!repeat) timers.delete(id);
      (callback as (...a: unknown[]) => void)(...args);
    };
    timers.set(id, repeat ? setInterval(run, ms) : setTimeout(run, ms));
    return id;
  };
}
function clearTimer(id: unknown): void {
  const handle = timers.get(id as number);
  if (handle !== undefined) {
    clearTimeout(handle);
    timers.delete(id as number);
  }
}

function makeGlobals(): Record<string, unknown> {
  return harden({
    console: makeConsole(),
    setTimeout: makeTimer(false),
    setInterval: makeTimer(true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    queueMicrotask: (fn: unknown) => {
      if (typeof fn !== 'function') throw new TypeError('callback must be a function');
      queueMicrotask(() => fn());
    },
    structuredClone: (value: unknown) => structuredClone(value),
    Date,
    Math,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
  });
}

async function init(message: Extract<HostMessage, { t: 'init' }>): Promise<void> {
  callTimeoutMs = message.callTimeoutMs;
  flow = {
    limits: message.flow,
    calls: new TokenBucket(message.flow.callsPerSecond, message.flow.burst, now),
    bytes: new TokenBucket(message.flow.bytesPerSecond, message.flow.burstBytes, now),
  };
  const factory = compartment.evaluate(message.script) as () => Promise<unknown>;
  const definition = await factory();
  if (typeof (definition as { activate?: unknown } | null)?.activate !== 'function') {
    throw new TypeError('the default export is not a plugin definition (no activate function)');
  }
  runtime = new PluginRuntime(definition as PluginDefinition<PluginTypes>, {
    plugin: message.plugin,
    config: message.config,
    layout: message.layout,
    send,
  });
}

async function run(message: Extract<HostMessage, { t: 'call' }>): Promise<unknown> {
  if (runtime === undefined) throw new Error('plugin not initialised');
  const [a, b, c, d] = message.args;
  switch (message.op) {
    case 'activate':
      return runtime.activate();
    case 'deactivate':
      try {
        return await runtime.deactivate();
      } finally {
        for (const id of [...timers.keys()]) clearTimer(id);
      }
    case 'invoke': {
      const signal = new LazySignal();
      calls.set(message.id, signal);
      try {
        return await runtime.invoke(
          a as ContributionKind,
          String(b),
          c,
          new HandlerCall(String(d), signal),
        );
      } finally {
        calls.delete(message.id);
      }
    }
    case 'deliver':
      return runtime.deliver(String(a), b);
  }
}

function reply(id: number, settle: Promise<unknown>): void {
  settle.then(
    (value) => {
      // A value that is not plain data is judged by the host as at isolation `none`, from
      // the fault alone: it would fail the clone or cross as something else.
      const fault = dataFault(value);
      if (fault !== undefined) {
        post({ t: 'result', id, ok: true, fault });
        return;
      }
      try {
        post({ t: 'result', id, ok: true, value });
      } catch (error) {
        post({ t: 'result', id, ok: false, error: safeWireError(error) });
      }
    },
    (error: unknown) => post({ t: 'result', id, ok: false, error: safeWireError(error) }),
  );
}

function onMessage(message: HostMessage): void {
  switch (message.t) {
    case 'init':
      init(message).then(
        () => post({ t: 'ready' }),
        (error: unknown) => post({ t: 'fatal', error: safeWireError(error) }),
      );
      return;
    case 'call':
      reply(message.id, run(message));
      return;
    case 'abort':
      calls.get(message.id)?.abort(new Error('cancelled by the host'));
      return;
    case 'ping':
      post({ t: 'pong', id: message.id });
      return;
    case 'capResult': {
      const pending = pendingCaps.get(message.id);
      const error = message.error ?? { name: 'Error', message: 'host error' };
      if (!message.ok && error.code === 'PLUGIN_RATE_LIMITED') {
        coolDown = { until: now() + COOL_DOWN_MS, error };
      }
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(fromWire(error));
      return;
    }
  }
}

// The plugin's Compartment holds nothing that depends on the plugin, so it is built before
// the plugin arrives: a booted spare has it ready and `init` only evaluates the code.
const compartment = new Compartment({ globals: makeGlobals(), __options__: true });

/**
 * A spare runs the load path once on a stand-in plugin (one registration, as most plugins
 * make) while no load waits, so that V8 has compiled that path when its plugin comes:
 * first-run compilation was most of a pooled `init`. The stand-in has a Compartment of its
 * own with no globals and a `send` that goes nowhere: nothing reaches the host or stays.
 */
async function warmUp(layout: readonly ContextEntry[]): Promise<void> {
  const source = `(async function () { return { async activate(ctx) {
    await ctx.commands.register('stand-in', async () => undefined); } }; })`;
  try {
    const scratch = new Compartment({ globals: {}, __options__: true });
    const definition = await (scratch.evaluate(source) as () => Promise<unknown>)();
    await new PluginRuntime(definition as PluginDefinition<PluginTypes>, {
      plugin: { name: 'stand-in', version: '0.0.0' },
      config: {},
      layout,
      send: async () => undefined,
    }).activate();
  } catch {
    // Warming up only saves time; the plugin's own load reports its own failures.
  }
}
if (preloaded === undefined && boot.warmUp !== undefined) await warmUp(boot.warmUp);

if (parentPort === null) {
  process.on('message', (m) => onMessage(m as HostMessage));
  // The host owns this process: when it goes away, so does the sandbox.
  process.on('disconnect', () => process.exit(0));
} else {
  parentPort.on('message', onMessage);
}
post({ t: 'booted' });
// A fresh sandbox gets its plugin with its boot data: load it now instead of waiting for the
// host to answer `booted` with an `init` message.
if (preloaded !== undefined) onMessage(preloaded);
