import { narrowGrants } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import type { HostServices } from '../services/host-services.js';
import { AuditLog } from './audit-log.js';
import { createCapabilityBroker } from './capability-broker.js';
import { DEFAULT_PLUGIN_BUDGETS } from './plugin-budgets.js';
import { Redactor } from './redactor.js';

const emitted: unknown[][] = [];
let now = 1;
let closed = false;
const audit = new AuditLog();
const redactor = new Redactor();
const broker = createCapabilityBroker(
  {
    services: { clock: { now: () => now } } as unknown as HostServices,
    audit,
    redactor,
    emit: (...args) => {
      emitted.push(args);
      return Promise.resolve();
    },
    execute: () => Promise.resolve(undefined),
  },
  {
    plugin: 'p',
    closed: () => closed,
    permissions: ['events:emit:notes.*'],
    timeoutMs: 1000,
    registerContribution: () => {},
    unregisterContribution: () => {},
    subscribe: () => {},
    unsubscribe: () => {},
  },
);
const emit = (topic: unknown, payload?: unknown) =>
  broker({ capability: 'events', method: 'emit', args: [topic, payload] });

describe('the broker on events.emit', () => {
  it('checks, records and stamps every emit, also when its answer is memoised', async () => {
    for (const topic of ['notes.a', 'notes.a', 'build.done', 'build.done']) {
      now += 1;
      const result = emit(topic, { n: now });
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
    closed = true;
    await expect(emit('notes.a')).rejects.toMatchObject({ code: 'PLUGIN_NOT_ACTIVE' });
    expect(emitted).toHaveLength(1);
  });

  it('forgets a memoised topic when the grants change or a secret becomes known', async () => {
    const log = new AuditLog();
    const secrets = new Redactor();
    let grants = narrowGrants(['events:emit:notes.*']);
    const second = createCapabilityBroker(
      {
        services: { clock: { now: () => 7 } } as unknown as HostServices,
        audit: log,
        redactor: secrets,
        emit: () => Promise.resolve(),
        execute: () => Promise.resolve(undefined),
      },
      {
        plugin: 'q',
        closed: () => false,
        permissions: ['events:emit:notes.*'],
        grants: () => grants,
        timeoutMs: 1000,
        registerContribution: () => {},
        unregisterContribution: () => {},
        subscribe: () => {},
        unsubscribe: () => {},
      },
    );
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
    const log = new AuditLog();
    let budgets = DEFAULT_PLUGIN_BUDGETS;
    const published: unknown[] = [];
    const third = createCapabilityBroker(
      {
        services: { clock: { now: () => 9 } } as unknown as HostServices,
        audit: log,
        redactor: new Redactor(),
        budgets: () => budgets,
        emit: (_plugin, topic) => {
          published.push(topic);
          return Promise.resolve();
        },
        execute: () => Promise.resolve(undefined),
      },
      {
        plugin: 'r',
        closed: () => false,
        permissions: ['events:emit:**'],
        timeoutMs: 1000,
        registerContribution: () => {},
        unregisterContribution: () => {},
        subscribe: () => {},
        unsubscribe: () => {},
      },
    );
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
