import { describe, expect, it } from 'vitest';
import { countBusinessDays, parseDay } from './business-days.js';

describe('countBusinessDays', () => {
  it('counts Monday to Friday, both ends included', () => {
    // 2025-03-03 is a Monday; two full weeks.
    expect(countBusinessDays('2025-03-03', '2025-03-16')).toEqual({
      businessDays: 10,
      calendarDays: 14,
      weekendDays: 4,
      holidaysSkipped: [],
    });
  });

  it('skips holidays on working days and ignores those on weekends', () => {
    expect(
      countBusinessDays('2025-12-22', '2025-12-28', ['2025-12-25', '2025-12-26', '2025-12-27']),
    ).toEqual({
      businessDays: 3,
      calendarDays: 7,
      weekendDays: 2,
      holidaysSkipped: ['2025-12-25', '2025-12-26'],
    });
  });

  it('handles a single day and leap days', () => {
    expect(countBusinessDays('2024-02-29', '2024-02-29').businessDays).toBe(1);
  });

  it('refuses reversed, too long and impossible periods with VALIDATION_FAILED', () => {
    const refusal = (detail: string) =>
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: `The input of dates.business-days does not match its schema: ${detail}.`,
      });
    expect(() => countBusinessDays('2025-03-10', '2025-03-01')).toThrow(
      refusal('"to" (2025-03-01) is before "from" (2025-03-10)'),
    );
    expect(() => countBusinessDays('1970-01-01', '1980-01-09')).toThrow(
      refusal('the period is longer than 3660 days'),
    );
    expect(() => parseDay('2025-02-30')).toThrow(
      refusal('"2025-02-30" is not a valid date: use YYYY-MM-DD'),
    );
  });
});
