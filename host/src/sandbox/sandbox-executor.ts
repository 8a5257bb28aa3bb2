import { realpath } from 'node:fs/promises';
import { relative } from 'node:path';
import { CONTEXT_LAYOUT } from '@stack-plugin/pdk';
import { DEFAULT_MAX_OUTSTANDING } from '../_internal/in-flight-gate.js';
import type {
  ExecutorLoadRequest,
  IsolationLevel,
  PluginExecutor,
} from '../executor/plugin-executor.js';
import type { InitMessage } from './_protocol.js';
import { compilePluginBundle, loadPluginBundle } from './plugin-bundle.js';
import { DEFAULT_RPC_LIMITS, type RpcLimits } from './rpc-guard.js';
import { SandboxConnection } from './sandbox-connection.js';
import type { SandboxTransport, SpawnSandbox } from './sandbox-transport.js';
import {
  DEFAULT_SUPERVISION,
  type SandboxStatusChange,
  type SupervisedInstance,
  SupervisedPlugin,
  type SupervisionPolicy,
} from './supervisor.js';

/** Options shared by the worker and the process executor. */
export interface SandboxExecutorOptions {
  /** Payload, rate and in-flight limits on what a plugin sends the host. */
  readonly rpc?: Partial<RpcLimits>;
  /** Restart, backoff and quarantine policy. */
  readonly supervision?: Partial<SupervisionPolicy>;
  /** How long a sandbox has to answer a ping after a timed-out call. Default 1,000 ms. */
  readonly hangGraceMs?: number;
  /** Memory watchdog period; 0 turns it off. Default 100 ms. */
  readonly memoryPollMs?: number;
  /**
   * Booted sandboxes (runtime loaded, SES locked down, no plugin yet) kept ready so `load()`
   * skips the boot. Each plugin still gets a fresh sandbox of its own; a spare is never reused.
   * Spares are created shortly after each load (not during it) and do not keep the host alive.
   * Default 1.
   */
  readonly prewarm?: number;
  /** Observes every supervised plugin's status changes (failed, restarting, quarantined...). */
  readonly onStatusChange?: (change: SandboxStatusChange) => void;
}

/** A sandboxing executor: a {@link PluginExecutor} whose instances are supervised. */
export interface SandboxExecutor extends PluginExecutor {
  load(request: ExecutorLoadRequest): Promise<SupervisedInstance>;
  /** Disposes every instance it loaded and every spare sandbox. */
  close(): Promise<void>;
}

/**
 * How long after a load has its sandbox an executor waits before booting the next spare: the
 * plugin's `init` and `activate` come first.
 */
const SPARE_REFILL_DELAY_MS = 50;

/** Builds an executor over one kind of sandbox. */
export function createSandboxExecutor(
  isolation: IsolationLevel,
  spawn: SpawnSandbox,
  options: SandboxExecutorOptions = {},
): SandboxExecutor {
  const rpc: RpcLimits = { ...DEFAULT_RPC_LIMITS, ...options.rpc };
  const policy: SupervisionPolicy = { ...DEFAULT_SUPERVISION, ...options.supervision };
  const prewarm = options.prewarm ?? 1;
  const spares = new Map<number, Array<Promise<SandboxTransport>>>();
  const instances = new Set<SupervisedInstance>();
  let closed = false;

  const spareOf = (name: string, memoryMb: number): Promise<SandboxTransport> => {
    const booting = spawn({ name, memoryMb });
    booting.then(
      (t) => t.ref(false),
      () => {},
    );
    return booting;
  };

  /**
   * A booted spare when there is one (the plugin then goes over as a message), else a fresh
   * sandbox that gets the plugin with its boot data and loads it without a round trip.
   */
  const take = async (
    init: InitMessage,
    memoryMb: number,
  ): Promise<{ transport: SandboxTransport; sent: boolean }> => {
    const pool = spares.get(memoryMb) ?? [];
    spares.set(memoryMb, pool);
    const spare = pool.shift();
    const booted = spare === undefined ? undefined : await spare.catch(() => undefined);
    const taken =
      booted === undefined
        ? { transport: await spawn({ name: init.plugin.name, memoryMb, init }), sent: true }
        : { transport: booted, sent: false };
    taken.transport.ref(true);
    // The next spare boots once this load has had the CPUs: booting it alongside (a whole
    // Node start and SES lockdown) slowed a pooled load 2-4x on 2 cores (docs/isolation.md).
    setTimeout(() => {
      while (!closed && pool.length < prewarm) pool.push(spareOf('spare', memoryMb));
    }, SPARE_REFILL_DELAY_MS).unref();
    return taken;
  };

  return {
    isolation,
    async load(request) {
      if (closed) throw new Error(`the ${isolation} executor is closed`);
      const { entry, dir, files } = request.plugin;
      // The bytes that were verified, when the package is checked; never re-read from disk.
      const verified = files?.get(relative(await realpath(dir), await realpath(entry)));
      const script = await (verified === undefined
        ? loadPluginBundle(entry)
        : compilePluginBundle(Buffer.from(verified).toString('utf8'), entry));
      const { plugin, limits, capabilities, config } = request;
      const instance = await SupervisedPlugin.create({
        name: plugin.name,
        policy,
        capabilities,
        timeoutMs: limits.timeoutMs,
        // Every (re)start builds a new sandbox and hands it the plugin again.
        start: async (onEnd) => {
          const init: InitMessage = {
            t: 'init',
            plugin: { name: plugin.name, version: plugin.version },
            config,
            script,
            callTimeoutMs: limits.timeoutMs,
            flow: {
              maxOutstanding: DEFAULT_MAX_OUTSTANDING,
              maxPayloadBytes: rpc.maxPayloadBytes,
              callsPerSecond: rpc.callsPerSecond,
              burst: rpc.burst,
              bytesPerSecond: rpc.bytesPerSecond,
              burstBytes: rpc.burstBytes,
            },
            layout:
              request.hostLayout === undefined
                ? CONTEXT_LAYOUT
                : [...CONTEXT_LAYOUT, ...request.hostLayout],
          };
          const { transport, sent } = await take(init, limits.memoryMb);
          const connection = new SandboxConnection(transport, {
            plugin: init.plugin,
            ...(request.hostLayout === undefined ? {} : { hostLayout: request.hostLayout }),
            capabilities,
            limits,
            rpc,
            hangGraceMs: options.hangGraceMs ?? 1_000,
            memoryPollMs: options.memoryPollMs ?? 100,
            onEnd,
          });
          try {
            await connection.init(init, { sent });
          } catch (error) {
            await connection.dispose();
            throw error;
          }
          return connection;
        },
      });
      if (options.onStatusChange !== undefined) instance.onStatusChange(options.onStatusChange);
      instances.add(instance);
      instance.onStatusChange((change) => {
        if (change.to === 'disposed') instances.delete(instance);
      });
      return instance;
    },
    async close() {
      closed = true;
      const pending = [...spares.values()].flat();
      spares.clear();
      await Promise.all([
        ...[...instances].map((i) => i.dispose()),
        ...pending.map((p) =>
          p.then(
            (t) => t.kill(),
            () => {},
          ),
        ),
      ]);
    },
  };
}
