/** The answer of the `dates.business-days` skill. */
export interface BusinessDays {
  businessDays: number;
  calendarDays: number;
  weekendDays: number;
  holidaysSkipped: string[];
}

const DAY_MS = 86_400_000;
/** Periods longer than this are refused: an agent asking for them made a mistake. */
export const MAX_DAYS = 366 * 10;

/**
 * An input the schema allows but the skill cannot answer. It carries a stable `code` and a
 * `hint`, the shape of Stack errors, so the host reports it as a refused input the agent can
 * correct rather than as a crash of the plugin.
 */
export class InputError extends Error {
  readonly code = 'VALIDATION_FAILED';
  readonly hint = 'Send two dates, YYYY-MM-DD, "from" not after "to", at most ten years apart.';
  constructor(detail: string) {
    super(`The input of dates.business-days does not match its schema: ${detail}.`);
    this.name = 'InputError';
  }
}

const refuse = (detail: string) => new InputError(detail);

/** Parse `YYYY-MM-DD` as a UTC day number, rejecting impossible dates like 2025-02-30. */
export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
    : Number.NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    throw refuse(`"${text}" is not a valid date: use YYYY-MM-DD`);
  }
  return time / DAY_MS;
}

/**
 * Count working days from `from` to `to`, both included. Saturdays and Sundays are weekend
 * days; holidays falling on a working day are skipped and reported.
 */
export function countBusinessDays(
  from: string,
  to: string,
  holidays: readonly string[] = [],
): BusinessDays {
  const start = parseDay(from);
  const end = parseDay(to);
  if (end < start) throw refuse(`"to" (${to}) is before "from" (${from})`);
  if (end - start + 1 > MAX_DAYS) throw refuse(`the period is longer than ${MAX_DAYS} days`);
  const off = new Set(holidays.map(parseDay));
  let businessDays = 0;
  let weekendDays = 0;
  const holidaysSkipped: string[] = [];
  for (let day = start; day <= end; day++) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    if (weekday === 0 || weekday === 6) weekendDays++;
    else if (off.has(day)) holidaysSkipped.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
    else businessDays++;
  }
  return { businessDays, calendarDays: end - start + 1, weekendDays, holidaysSkipped };
}
