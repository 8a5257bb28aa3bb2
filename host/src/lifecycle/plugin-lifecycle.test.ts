import { describe, expect, it } from 'vitest';
import { SANDBOX_EVENTS } from '../host/_sandbox-recovery.js';
import type { SandboxStatus } from '../sandbox/supervisor.js';
import {
  type LifecycleEvent,
  nextState,
  PLUGIN_TRANSITIONS,
  PluginLifecycle,
  type PluginState,
  type StateChange,
} from './plugin-lifecycle.js';

// `satisfies` makes these lists fail to compile when a state, event or sandbox status is added
// without being listed, so the checks below always cover every one.
const STATES = Object.keys({
  discovered: 1,
  validated: 1,
  lazy: 1,
  loaded: 1,
  active: 1,
  inactive: 1,
  unloaded: 1,
  failed: 1,
  refused: 1,
} satisfies Record<PluginState, 1>) as PluginState[];
const EVENTS = Object.keys({
  validate: 1,
  defer: 1,
  load: 1,
  activate: 1,
  deactivate: 1,
  fail: 1,
  retry: 1,
  crash: 1,
  restart: 1,
  quarantine: 1,
  unload: 1,
  refuse: 1,
} satisfies Record<LifecycleEvent, 1>) as LifecycleEvent[];
const SANDBOX_STATUSES = Object.keys({
  running: 1,
  restarting: 1,
  failed: 1,
  quarantined: 1,
  disposed: 1,
} satisfies Record<SandboxStatus, 1>) as SandboxStatus[];

const reachable = (from: PluginState): Set<PluginState> => {
  const seen = new Set<PluginState>([from]);
  const queue = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const t of Object.values(PLUGIN_TRANSITIONS[s])) {
      if (!seen.has(t)) {
        queue.push(t);
        seen.add(t);
      }
    }
  }
  return seen;
};

describe('PLUGIN_TRANSITIONS', () => {
  it('has an entry for every state, only known events, and only targets known states', () => {
    expect(Object.keys(PLUGIN_TRANSITIONS).sort()).toEqual([...STATES].sort());
    for (const row of Object.values(PLUGIN_TRANSITIONS)) {
      for (const [event, target] of Object.entries(row)) {
        expect(EVENTS).toContain(event);
        expect(STATES).toContain(target);
      }
    }
  });

  it('uses every event somewhere', () => {
    for (const event of EVENTS) {
      expect(STATES.some((s) => nextState(s, event) !== undefined)).toBe(true);
    }
  });

  it('reaches every state from discovered, and unloaded from every state; unloaded is final', () => {
    expect([...reachable('discovered')].sort()).toEqual([...STATES].sort());
    for (const state of STATES) expect(reachable(state).has('unloaded')).toBe(true);
    expect(PLUGIN_TRANSITIONS.unloaded).toEqual({});
  });

  it('lets every live state fail', () => {
    for (const state of STATES) {
      // A refused plugin has no code that could fail.
      if (state === 'unloaded' || state === 'failed' || state === 'refused') continue;
      expect(nextState(state, 'fail')).toBe('failed');
    }
  });

  it('covers every supervisor status: a crash of an active plugin, then restart or quarantine', () => {
    for (const status of SANDBOX_STATUSES) expect(status in SANDBOX_EVENTS).toBe(true);
    expect(nextState('active', SANDBOX_EVENTS.failed ?? 'fail')).toBe('failed');
    // After a crash the plugin is failed; from there each further status has its outcome.
    expect(nextState('failed', SANDBOX_EVENTS.failed ?? 'fail')).toBe('failed');
    expect(nextState('failed', SANDBOX_EVENTS.running ?? 'fail')).toBe('active');
    expect(nextState('failed', SANDBOX_EVENTS.quarantined ?? 'fail')).toBe('failed');
    expect(SANDBOX_EVENTS.restarting).toBeUndefined();
    expect(SANDBOX_EVENTS.disposed).toBeUndefined();
  });
});

describe('PluginLifecycle', () => {
  it('moves along the table and reports each change', () => {
    const changes: StateChange[] = [];
    const lifecycle = new PluginLifecycle('p', (c) => changes.push(c));
    lifecycle.apply('validate');
    lifecycle.apply('load');
    lifecycle.apply('activate');
    expect(lifecycle.state).toBe('active');
    expect(changes).toEqual([
      { plugin: 'p', from: 'discovered', to: 'validated' },
      { plugin: 'p', from: 'validated', to: 'loaded' },
      { plugin: 'p', from: 'loaded', to: 'active' },
    ]);
  });

  it('keeps a lazy plugin without code until its first use loads and activates it', () => {
    const changes: StateChange[] = [];
    const lifecycle = new PluginLifecycle('p', (c) => changes.push(c));
    lifecycle.apply('validate');
    lifecycle.apply('defer');
    expect(lifecycle.state).toBe('lazy');
    // No code runs in `lazy`: the only way to `active` is through `load`.
    expect(lifecycle.accepts('activate')).toBe(false);
    expect(nextState('lazy', 'deactivate')).toBe('inactive');
    lifecycle.apply('load');
    lifecycle.apply('activate');
    expect(changes.map((c) => c.to)).toEqual(['validated', 'lazy', 'loaded', 'active']);
  });

  it('does not report an event that keeps the state', () => {
    const changes: StateChange[] = [];
    const lifecycle = new PluginLifecycle('p', (c) => changes.push(c));
    lifecycle.apply('fail');
    lifecycle.apply('quarantine');
    expect(lifecycle.state).toBe('failed');
    expect(changes.map((c) => c.to)).toEqual(['failed']);
  });

  it('keeps a refused plugin refused until it is forgotten', () => {
    const changes: StateChange[] = [];
    const lifecycle = new PluginLifecycle('p', (c) => changes.push(c));
    lifecycle.apply('refuse');
    expect(PLUGIN_TRANSITIONS.refused).toEqual({ unload: 'unloaded' });
    expect(changes).toEqual([{ plugin: 'p', from: 'discovered', to: 'refused' }]);
  });

  it('refuses an event the table does not allow', () => {
    const lifecycle = new PluginLifecycle('p', () => {});
    expect(lifecycle.accepts('activate')).toBe(false);
    expect(() => lifecycle.apply('activate')).toThrow(
      expect.objectContaining({ code: 'INTERNAL', plugin: 'p' }),
    );
    expect(lifecycle.state).toBe('discovered');
  });
});
