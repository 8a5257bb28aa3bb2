import { describe, expect, it } from 'vitest';
import type { CapabilityCall } from '../executor/plugin-executor.js';
import type { HostMessage } from './_protocol.js';
import { DEFAULT_RPC_LIMITS } from './rpc-guard.js';
import { SandboxConnection, type SandboxEnd } from './sandbox-connection.js';
import type { SandboxExit, SandboxTransport } from './sandbox-transport.js';

/** A transport driven by the test: it plays the (possibly compromised) sandbox side. */
class FakeTransport implements SandboxTransport {
  readonly kind = 'worker' as const;
  readonly sent: HostMessage[] = [];
  killed = false;
  #message: (raw: unknown) => void = () => {};
  #exit: (exit: SandboxExit) => void = () => {};
  send(message: HostMessage): void {
    if (this.killed) throw new Error('gone');
    this.sent.push(message);
  }
  onMessage(listener: (raw: unknown) => void): void {
    this.#message = listener;
  }
  onExit(listener: (exit: SandboxExit) => void): void {
    this.#exit = listener;
  }
  onOutput(): void {}
  async memoryBytes(): Promise<number | undefined> {
    return undefined;
  }
  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    this.#exit({ code: 1, outOfMemory: false, stderrTail: '' });
  }
  ref(): void {}
  /** Plays a message from the sandbox. */
  emit(raw: unknown): void {
    this.#message(raw);
  }
}

function connect(
  capabilities: (call: CapabilityCall) => Promise<unknown>,
  rpc: Partial<typeof DEFAULT_RPC_LIMITS> = {},
) {
  const transport = new FakeTransport();
  const ends: SandboxEnd[] = [];
  const connection = new SandboxConnection(transport, {
    plugin: { name: 'p', version: '1.0.0' },
    capabilities,
    limits: { timeoutMs: 50, memoryMb: 64 },
    rpc: { ...DEFAULT_RPC_LIMITS, ...rpc },
    hangGraceMs: 20,
    memoryPollMs: 0,
    onEnd: (end) => ends.push(end),
  });
  return { transport, connection, ends };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('SandboxConnection', () => {
  it('kills a sandbox that sends a malformed message and rejects what is in flight', async () => {
    const { transport, connection, ends } = connect(async () => undefined);
    const pending = connection.call('invoke', ['commands', 'x', null, 'host'], {
      timeoutMs: 5_000,
      phase: 'x',
    });
    transport.emit({ t: 'cap', id: 1, capability: 'process', method: 'kill', args: [] });
    await expect(pending).rejects.toMatchObject({
      code: 'PLUGIN_CRASHED',
      message: '"p" crashed: protocol: it sent an invalid message (unknown capability "process").',
    });
    expect(transport.killed).toBe(true);
    expect(ends.map((e) => e.kind)).toEqual(['protocol']);
  });

  it('answers a capability call that the host does not finish in time with CAPABILITY_TIMEOUT', async () => {
    const { transport } = connect(() => new Promise(() => {}));
    transport.emit({ t: 'cap', id: 7, capability: 'state', method: 'get', args: ['k'] });
    await new Promise((r) => setTimeout(r, 80));
    expect(transport.sent).toEqual([
      {
        t: 'capResult',
        id: 7,
        ok: false,
        error: expect.objectContaining({
          code: 'CAPABILITY_TIMEOUT',
          message:
            'The host did not finish state.get for "p" within 50 ms, so the call was abandoned.',
        }),
      },
    ]);
  });

  it('refuses calls beyond the in-flight limit without reaching the broker', async () => {
    const calls: CapabilityCall[] = [];
    const { transport } = connect(
      (call) => {
        calls.push(call);
        return new Promise(() => {});
      },
      { maxInFlight: 2 },
    );
    for (let id = 0; id < 3; id++) {
      transport.emit({ t: 'cap', id, capability: 'state', method: 'get', args: [String(id)] });
    }
    await flush();
    expect(calls).toHaveLength(2);
    expect(transport.sent).toEqual([
      {
        t: 'capResult',
        id: 2,
        ok: false,
        error: expect.objectContaining({ code: 'PLUGIN_RATE_LIMITED' }),
      },
    ]);
  });

  it('times out a call, then kills the sandbox when it does not answer a ping', async () => {
    const { transport, connection, ends } = connect(async () => undefined);
    await expect(
      connection.call('invoke', ['commands', 'x', null, 'host'], {
        timeoutMs: 10,
        phase: 'commands "x"',
      }),
    ).rejects.toMatchObject({ code: 'PLUGIN_TIMEOUT' });
    await new Promise((r) => setTimeout(r, 60));
    expect(transport.sent.map((m) => m.t)).toEqual(['call', 'abort', 'ping']);
    expect(ends.map((e) => e.kind)).toEqual(['hang']);
  });

  it('keeps a sandbox that answers the ping', async () => {
    const { transport, connection, ends } = connect(async () => undefined);
    const call = connection.call('invoke', [], { timeoutMs: 10, phase: 'x' });
    await expect(call).rejects.toMatchObject({ code: 'PLUGIN_TIMEOUT' });
    const ping = transport.sent.find((m) => m.t === 'ping') as { id: number } | undefined;
    transport.emit({ t: 'pong', id: ping?.id });
    await new Promise((r) => setTimeout(r, 40));
    expect(ends).toEqual([]);
    expect(transport.killed).toBe(false);
  });
});
