import { describe, expect, it } from 'vitest';
import { TransportEvents } from './_transport-events.js';

describe('TransportEvents', () => {
  it('keeps what a sandbox sent before anyone listened and delivers it after set-up, in order', async () => {
    const events = new TransportEvents();
    events.message({ t: 'booted' });
    events.message({ t: 'ready' });
    events.message({ t: 'cap', id: 0 });
    const seen: unknown[] = [];
    events.onMessage((raw) => seen.push(raw));
    // Nothing arrives while the subscriber is still setting up synchronously.
    expect(seen).toEqual([]);
    events.message({ t: 'cap', id: 1 });
    await Promise.resolve();
    events.message({ t: 'cap', id: 2 });
    // `booted` belongs to the spawn function and is never passed on.
    expect(seen).toEqual([
      { t: 'ready' },
      { t: 'cap', id: 0 },
      { t: 'cap', id: 1 },
      { t: 'cap', id: 2 },
    ]);
  });

  it('delivers live messages at once when nothing was kept', () => {
    const events = new TransportEvents();
    const seen: unknown[] = [];
    events.onMessage((raw) => seen.push(raw));
    events.message({ t: 'pong', id: 3 });
    expect(seen).toEqual([{ t: 'pong', id: 3 }]);
  });
});
