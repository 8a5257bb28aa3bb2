import { describe, expect, it } from 'vitest';
import type { HostServices } from '../services/host-services.js';
import { AuditLog } from './audit-log.js';
import { type CapabilityBroker, createCapabilityBroker } from './capability-broker.js';
import { Redactor } from './redactor.js';

/** A broker of its own, with what it published and recorded. */
function brokerUnderTest() {
  const emitted: unknown[][] = [];
  const audit = new AuditLog();
  const redactor = new Redactor();
  const state = { closed: false, now: 1 };
  const broker = createCapabilityBroker(
    {
      services: { clock: { now: () => state.now } } as unknown as HostServices,
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
      closed: () => state.closed,
      permissions: ['events:emit:notes.*'],
      timeoutMs: 1000,
      registerContribution: () => {},
      unregisterContribution: () => {},
      subscribe: () => {},
      unsubscribe: () => {},
    },
  );
  return { broker, emitted, audit, redactor, state };
}

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
    const byLane = await outcomes((broker, args) => broker.emit(args));
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
