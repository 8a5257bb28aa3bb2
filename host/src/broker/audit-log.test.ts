import { describe, expect, it } from 'vitest';
import { AuditLog, type CapabilityRecord } from './audit-log.js';

const use = (n: number, extra: Partial<CapabilityRecord> = {}): CapabilityRecord => ({
  plugin: 'p',
  capability: 'events',
  method: 'emit',
  target: `t${n}`,
  allowed: true,
  permission: 'events:emit:*',
  time: n,
  ...extra,
});

describe('AuditLog', () => {
  it('keeps every record, oldest first, with or without a permission', () => {
    const log = new AuditLog(5);
    log.record(use(1));
    log.append('p', 'commands', 'execute', 'x', true, undefined, 2);
    log.record(use(1));
    expect(log.entries()).toEqual([
      use(1),
      {
        plugin: 'p',
        capability: 'commands',
        method: 'execute',
        target: 'x',
        allowed: true,
        time: 2,
      },
      use(1),
    ]);
    expect('permission' in (log.entries()[1] as object)).toBe(false);
  });

  it('drops the oldest records past its capacity', () => {
    const log = new AuditLog(3);
    for (let n = 1; n <= 7; n++) log.record(use(n));
    expect(log.size).toBe(3);
    expect(log.entries().map((r) => r.time)).toEqual([5, 6, 7]);
    log.record(use(8, { allowed: false }));
    expect(log.entries()).toEqual([use(6), use(7), use(8, { allowed: false })]);
  });

  it('hands out frozen records that reflect overwritten slots', () => {
    const log = new AuditLog(2);
    log.record(use(1));
    const first = log.entries();
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(log.entries()[0]).toBe(first[0]);
    log.record(use(2));
    log.record(use(3));
    expect(log.entries()).toEqual([use(2), use(3)]);
    expect(first).toEqual([use(1)]);
  });
});
