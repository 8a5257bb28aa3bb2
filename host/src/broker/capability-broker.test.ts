import { narrowGrants } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import type { HostServices } from '../services/host-services.js';
import { AuditLog } from './audit-log.js';
import type { BrokerDeps, BrokerScope } from './broker-scope.js';
import { type CapabilityBroker, createCapabilityBroker } from './capability-broker.js';
import { DEFAULT_PLUGIN_BUDGETS } from './plugin-budgets.js';
import { Redactor } from './redactor.js';

/**
 * A broker of plugin "p" granted `events:emit:notes.*` (unless `scope` says otherwise), with
 * what it published, its audit log and redactor, and its clock and closed state to move.
 */
function brokerUnderTest(
  options: { deps?: Partial<BrokerDeps>; scope?: Partial<BrokerScope> } = {},
) {
  const emitted: unknown[][] = [];
  const state = { closed: false, now: 1 };
  const deps: BrokerDeps = {
    services: { clock: { now: () => state.now } } as unknown as HostServices,
    audit: new AuditLog(),
    redactor: new Redactor(),
    emit: (...args) => {
      emitted.push(args);
      return Promise.resolve();
    },
    execute: () => Promise.resolve(undefined),
    ...options.deps,
  };
  const broker = createCapabilityBroker(deps, {
    plugin: 'p',
    closed: () => state.closed,
    permissions: ['events:emit:notes.*'],
    timeoutMs: 1000,
    registerContribution: () => {},
    unregisterContribution: () => {},
    subscribe: () => {},
    unsubscribe: () => {},
    ...options.scope,
  });
  return { broker, emitted, audit: deps.audit, redactor: deps.redactor, state };
}

const { broker, emitted, audit, redactor, state } = brokerUnderTest();
const emit = (topic: unknown, payload?: unknown) =>
  broker({ capability: 'events', method: 'emit', args: [topic, payload] });

describe('the broker on events.emit', () => {
  it('checks, records and stamps every emit, also when its answer is memoised', async () => {
    for (const topic of ['notes.a', 'notes.a', 'build.done', 'build.done']) {
      state.now += 1;
      const result = emit(topic, { n: state.now });
      expect(result).toBeInstanceOf(Promise);
      await result.catch(() => {});
    }
    await expect(emit('build.done')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: '"p" may not emit "build.done": it has not been granted "events:emit:build.done".',
    });
    await expect(emit('notes.b', { f: () => 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(emit('')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(emitted).toEqual([
      ['p', 'notes.a', { n: 2 }, 2],
      ['p', 'notes.a', { n: 3 }, 3],
    ]);
    const record = (target: string, allowed: boolean, time: number) => ({
      plugin: 'p',
      capability: 'events',
      method: 'emit',
      target,
      allowed,
      permission: allowed ? 'events:emit:notes.*' : `events:emit:${target}`,
      time,
    });
    expect(audit.entries()).toEqual([
      record('notes.a', true, 2),
      record('notes.a', true, 3),
      record('build.done', false, 4),
      record('build.done', false, 5),
      record('build.done', false, 5),
    ]);
  });

  it('checks the payload as part of the arguments: nesting, size and extra arguments', async () => {
    const nested = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    await expect(emit('notes.deep', nested(63))).resolves.toBeUndefined();
    await expect(emit('notes.deep', nested(64))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('nested deeper than 64 levels'),
    });
    await expect(
      broker({ capability: 'events', method: 'emit', args: ['notes.x', 1, () => 1] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('at /2: a function'),
    });
    emitted.length = 0;
  });

  it('redacts secrets from the records and refuses calls once closed', async () => {
    redactor.add('notes.secret');
    await emit('notes.secret');
    expect(audit.entries().at(-1)).toMatchObject({ target: '[redacted]' });
    state.closed = true;
    await expect(emit('notes.a')).rejects.toMatchObject({ code: 'PLUGIN_NOT_ACTIVE' });
    expect(emitted).toHaveLength(1);
  });

  it('rejects, redacted, when publishing throws, on a first emit and a memoised one alike', async () => {
    // A declared event schema refuses a payload by throwing from the host's publish.
    let refuse = false;
    const { broker, redactor } = brokerUnderTest({
      deps: {
        emit: (_source, topic) => {
          if (refuse) throw new Error(`schema refused ${topic} for token-123`);
          return Promise.resolve();
        },
      },
    });
    redactor.add('token-123');
    const viaLane = (topic: string) => broker.emit(topic, 1);
    const viaCall = (topic: string) =>
      broker({ capability: 'events', method: 'emit', args: [topic, 1] });
    for (const send of [viaLane, viaCall]) {
      refuse = true;
      const first = send('notes.first');
      expect(first).toBeInstanceOf(Promise);
      await expect(first).rejects.toThrow('schema refused notes.first for [redacted]');
      refuse = false;
      await send('notes.kept');
      refuse = true;
      // The same topic again: answered by the memo, and refused the same way.
      const kept = send('notes.kept');
      expect(kept).toBeInstanceOf(Promise);
      await expect(kept).rejects.toThrow('schema refused notes.kept for [redacted]');
      refuse = false;
    }
  });

  it('forgets a memoised topic when the grants change or a secret becomes known', async () => {
    let grants = narrowGrants(['events:emit:notes.*']);
    const {
      broker: second,
      audit: log,
      redactor: secrets,
    } = brokerUnderTest({ scope: { grants: () => grants } });
    const emitNote = () =>
      second({ capability: 'events', method: 'emit', args: ['notes.token-1234', 1] });
    await emitNote();
    secrets.add('token-1234');
    await emitNote();
    grants = narrowGrants(['events:emit:notes.*'], { deny: ['events:emit:notes.*'] });
    await expect(emitNote()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(log.entries().map((r) => [r.target, r.allowed])).toEqual([
      ['notes.token-1234', true],
      ['notes.[redacted]', true],
      ['notes.[redacted]', false],
    ]);
  });

  it('refuses and records every host-topic emit, and applies a budget change to the next emit on a known topic', async () => {
    let budgets = DEFAULT_PLUGIN_BUDGETS;
    const published: unknown[] = [];
    const { broker: third, audit: log } = brokerUnderTest({
      deps: {
        budgets: () => budgets,
        emit: (_plugin, topic) => {
          published.push(topic);
          return Promise.resolve();
        },
      },
      scope: { permissions: ['events:emit:**'] },
    });
    const emitOn = (topic: string, payload: unknown) =>
      third({ capability: 'events', method: 'emit', args: [topic, payload] });
    for (let i = 0; i < 2; i++) {
      await expect(emitOn('host.plugin.loaded', 1)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await emitOn('notes.a', 'x'.repeat(100));
    await emitOn('notes.a', 'x'.repeat(100));
    budgets = { ...DEFAULT_PLUGIN_BUDGETS, eventPayloadBytes: 100 };
    await expect(emitOn('notes.a', 'x'.repeat(100))).rejects.toMatchObject({
      code: 'PLUGIN_BUDGET_EXCEEDED',
    });
    await emitOn('notes.a', 'x'.repeat(50));
    expect(published).toEqual(['notes.a', 'notes.a', 'notes.a']);
    // A refused payload is refused before any permission check, so it leaves no record.
    expect(log.entries().map((r) => [r.target, r.allowed])).toEqual([
      ['host.plugin.loaded', false],
      ['host.plugin.loaded', false],
      ['notes.a', true],
      ['notes.a', true],
      ['notes.a', true],
    ]);
  });
});

type Step = { args: readonly unknown[] } | { close: true } | { secret: string };

// Every kind of emit a plugin can make, in an order that also crosses the memo of the topic
// emitted last (same topic again, another topic, a refusal in between, a new secret).
const STEPS: readonly Step[] = [
  { args: ['notes.a', { n: 1 }] },
  { args: ['notes.a', { n: 2 }] },
  { args: ['notes.a'] },
  { args: ['notes.b', 'text'] },
  { args: ['build.done', 1] },
  { args: ['notes.a', 3] },
  { args: ['stack.plugin.activated', {}] },
  { args: ['', 1] },
  { args: [42, 1] },
  { args: ['notes.a', { f: () => 1 }] },
  { args: ['notes.a', 1, () => 1] },
  { args: ['notes.a', 'x'.repeat(2_000_000)] },
  { args: ['notes.a', 1, 2] },
  { secret: 'notes.a' },
  { args: ['notes.a', 4] },
  { close: true },
  { args: ['notes.a', 5] },
];

async function outcomes(send: (broker: CapabilityBroker, args: readonly unknown[]) => unknown) {
  const subject = brokerUnderTest();
  const seen: unknown[] = [];
  for (const step of STEPS) {
    subject.state.now += 1;
    if ('close' in step) subject.state.closed = true;
    else if ('secret' in step) subject.redactor.add(step.secret);
    else {
      const result = send(subject.broker, step.args);
      // Always a promise, never a synchronous throw, on both ways in.
      expect(result).toBeInstanceOf(Promise);
      seen.push(
        await (result as Promise<unknown>).then(
          (value) => ({ value }),
          (error: { code?: string; message?: string }) => ({
            code: error.code,
            message: error.message,
          }),
        ),
      );
    }
  }
  return { seen, emitted: subject.emitted, audit: subject.audit.entries() };
}

describe("the broker's events.emit lane", () => {
  it('answers every emit exactly as the same call object does', async () => {
    const byCall = await outcomes((broker, args) =>
      broker({ capability: 'events', method: 'emit', args }),
    );
    // As the plugin runtime sends them: a call of at most two arguments through the lane, one
    // with more as a call object.
    const byLane = await outcomes((broker, args) =>
      args.length <= 2
        ? broker.emit(args[0], args[1])
        : broker({ capability: 'events', method: 'emit', args }),
    );
    expect(byLane).toEqual(byCall);
    // The table reaches every outcome: published, refused for each reason, and closed.
    const codes = new Set(byCall.seen.map((s) => (s as { code?: string }).code));
    expect(codes).toEqual(
      new Set([
        undefined,
        'PERMISSION_DENIED',
        'VALIDATION_FAILED',
        'PLUGIN_BUDGET_EXCEEDED',
        'PLUGIN_NOT_ACTIVE',
      ]),
    );
    expect(byCall.emitted.length).toBeGreaterThan(3);
  });
});
