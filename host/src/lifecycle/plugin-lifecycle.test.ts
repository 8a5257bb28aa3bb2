import { describe, expect, it } from 'vitest';
import {
  canTransition,
  PLUGIN_TRANSITIONS,
  PluginLifecycle,
  type PluginState,
  type StateChange,
} from './plugin-lifecycle.js';

const STATES: PluginState[] = [
  'discovered',
  'validated',
  'loaded',
  'active',
  'inactive',
  'unloaded',
  'failed',
];

describe('PLUGIN_TRANSITIONS', () => {
  it('has an entry for every state and only targets known states', () => {
    expect(Object.keys(PLUGIN_TRANSITIONS).sort()).toEqual([...STATES].sort());
    for (const targets of Object.values(PLUGIN_TRANSITIONS)) {
      for (const target of targets) expect(STATES).toContain(target);
    }
  });

  it('reaches every state from discovered, and unloaded from every state but unloaded', () => {
    const reachable = (from: PluginState): Set<PluginState> => {
      const seen = new Set<PluginState>([from]);
      const queue = [from];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        for (const t of PLUGIN_TRANSITIONS[s]) {
          if (!seen.has(t)) {
            queue.push(t);
            seen.add(t);
          }
        }
      }
      return seen;
    };
    expect([...reachable('discovered')].sort()).toEqual([...STATES].sort());
    for (const state of STATES) expect(reachable(state).has('unloaded')).toBe(true);
    expect(PLUGIN_TRANSITIONS.unloaded).toEqual([]);
  });

  it('lets every live state fail', () => {
    for (const state of STATES) {
      if (state === 'unloaded' || state === 'failed') continue;
      expect(canTransition(state, 'failed')).toBe(true);
    }
  });
});

describe('PluginLifecycle', () => {
  it('moves along the table and reports each change', () => {
    const changes: StateChange[] = [];
    const lifecycle = new PluginLifecycle('p', (c) => changes.push(c));
    lifecycle.transition('validated');
    lifecycle.transition('loaded');
    lifecycle.transition('active');
    expect(lifecycle.state).toBe('active');
    expect(changes).toEqual([
      { plugin: 'p', from: 'discovered', to: 'validated' },
      { plugin: 'p', from: 'validated', to: 'loaded' },
      { plugin: 'p', from: 'loaded', to: 'active' },
    ]);
  });

  it('refuses a transition the table does not allow', () => {
    const lifecycle = new PluginLifecycle('p', () => {});
    expect(() => lifecycle.transition('active')).toThrow(
      expect.objectContaining({ code: 'INTERNAL', plugin: 'p' }),
    );
    expect(lifecycle.state).toBe('discovered');
  });
});
