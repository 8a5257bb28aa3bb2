import { describe, expect, it } from 'vitest';
import { Registrations } from './_registrations.js';

describe('Registrations', () => {
  it('keeps the call that releases each contribution and listener still held', () => {
    const held = new Registrations();
    held.track('contributions', 'register', ['commands', 'a']);
    held.track('contributions', 'register', ['commands', 'b']);
    held.track('contributions', 'unregister', ['commands', 'a']);
    held.track('events', 'on', ['topic.*', 'l1']);
    held.track('events', 'on', ['other', 'l2']);
    held.track('events', 'off', ['l2']);
    held.track('events', 'emit', ['topic.x', {}]);
    held.track('state', 'set', ['k', 1]);
    expect(held.releases()).toEqual([
      { capability: 'contributions', method: 'unregister', args: ['commands', 'b'] },
      { capability: 'events', method: 'off', args: ['l1'] },
    ]);
  });
});
