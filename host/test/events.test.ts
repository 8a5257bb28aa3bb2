import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { EventBus } from '../src/internal.js';
import { fixture, NOW, testServices } from './_support.js';

describe('EventBus', () => {
  it('matches exact topics and wildcards, and off() stops delivery', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const offExact = bus.on('a.b', (e) => void seen.push(`exact ${e.topic}`));
    bus.on('a.*', (e) => void seen.push(`star ${e.topic}`));
    bus.on('a.**', (e) => void seen.push(`globstar ${e.topic}`));
    await bus.publish({ topic: 'a.b', payload: 1, source: 'host', time: 0 });
    await bus.publish({ topic: 'a.b.c', payload: 2, source: 'host', time: 0 });
    offExact();
    offExact();
    await bus.publish({ topic: 'a.b', payload: 3, source: 'host', time: 0 });
    expect(seen).toEqual([
      'exact a.b',
      'star a.b',
      'globstar a.b',
      'globstar a.b.c',
      'star a.b',
      'globstar a.b',
    ]);
    expect(bus.size).toBe(2);
  });

  it('isolates listener failures, sync and async, and keeps a bounded history', async () => {
    const errors: string[] = [];
    const bus = new EventBus({
      historySize: 2,
      onListenerError: (e) => void errors.push((e as Error).message),
    });
    const seen: number[] = [];
    bus.on('t', () => {
      throw new Error('sync');
    });
    bus.on('t', async () => {
      throw new Error('async');
    });
    bus.on('t', (e) => void seen.push(e.payload as number));
    for (const n of [1, 2, 3])
      await bus.publish({ topic: 't', payload: n, source: 'host', time: n });
    expect(seen).toEqual([1, 2, 3]);
    expect(errors).toEqual(['sync', 'async', 'sync', 'async', 'sync', 'async']);
    expect(bus.history().map((e) => e.payload)).toEqual([2, 3]);
  });
});

describe('host events', () => {
  let host: Host;
  beforeEach(async () => {
    host = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'events' }] },
      services: testServices(),
      env: {},
      // Replay is opt-in.
      eventHistory: 1000,
    });
    await host.start();
  });
  afterEach(() => host.stop());

  it('delivers between host and plugin with permission checks', async () => {
    await host.execute('ev.listen', { pattern: 'notes.**' });
    const atHost: unknown[] = [];
    const off = host.events.on(
      'notes.*',
      (e) => void atHost.push({ topic: e.topic, source: e.source }),
    );
    await host.events.emit('notes.created', { id: 1 });
    await host.execute('ev.emit', { topic: 'notes.deleted', payload: { id: 2 } });
    off();
    await host.execute('ev.emit', { topic: 'notes.updated', payload: { id: 3 } });
    expect(await host.execute('ev.received')).toEqual([
      { pattern: 'notes.**', topic: 'notes.created', payload: { id: 1 }, source: 'host' },
      { pattern: 'notes.**', topic: 'notes.deleted', payload: { id: 2 }, source: 'event-probe' },
      { pattern: 'notes.**', topic: 'notes.updated', payload: { id: 3 }, source: 'event-probe' },
    ]);
    expect(atHost).toEqual([
      { topic: 'notes.created', source: 'host' },
      { topic: 'notes.deleted', source: 'event-probe' },
    ]);
    // The host's own lifecycle events (host.plugin.*) are in the history too, first.
    const history = host.events.history().map((e) => [e.topic, e.source, e.time]);
    expect(history.slice(0, 3)).toEqual([
      ['host.plugin.validated', 'host', NOW],
      ['host.plugin.loaded', 'host', NOW],
      ['host.plugin.activated', 'host', NOW],
    ]);
    expect(history.slice(3)).toEqual([
      ['notes.created', 'host', NOW],
      ['notes.deleted', 'event-probe', NOW],
      ['notes.updated', 'event-probe', NOW],
    ]);
  });

  it('denies emitting and listening outside the grants', async () => {
    await expect(host.execute('ev.emit', { topic: 'notes.a.b' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message:
        '"event-probe" may not emit "notes.a.b": it has not been granted "events:emit:notes.a.b".',
    });
    await expect(host.execute('ev.listen', { pattern: 'build.*' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message:
        '"event-probe" may not listen to "build.*": it has not been granted "events:on:build.*".',
    });
    expect(host.audit().filter((r) => r.capability === 'events')).toEqual([
      {
        plugin: 'event-probe',
        capability: 'events',
        method: 'emit',
        target: 'notes.a.b',
        allowed: false,
        permission: 'events:emit:notes.a.b',
        time: NOW,
      },
      {
        plugin: 'event-probe',
        capability: 'events',
        method: 'on',
        target: 'build.*',
        allowed: false,
        permission: 'events:on:build.*',
        time: NOW,
      },
    ]);
  });

  it("removes a plugin's subscriptions with off() and on disable", async () => {
    await host.execute('ev.listen', { pattern: 'notes.*' });
    await host.execute('ev.off', {});
    await host.events.emit('notes.a');
    expect(await host.execute('ev.received')).toEqual([]);
    await host.execute('ev.listen', { pattern: 'notes.*' });
    await host.disable('event-probe');
    await host.events.emit('notes.b');
    await host.enable('event-probe');
    // Fresh module state after re-enable, and nothing was delivered while disabled.
    expect(await host.execute('ev.received')).toEqual([]);
  });
});
