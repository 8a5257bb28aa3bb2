import { describe, expect, it } from 'vitest';
import { checkNoPhi, findPhi, PHI_KINDS, redact } from './phi.js';

describe('redact', () => {
  it.each([
    ['names', 'Seen by Dr. Alan Whitfield today.', 'Seen by Dr. [NAME] today.'],
    ['names', 'Name: Okafor, Chidi', 'Name: [NAME]'],
    ['names', 'brought in by her daughter Grace Park.', 'brought in by her daughter [NAME].'],
    ['emails', 'write to a.b+c@mail.example.com.', 'write to [EMAIL].'],
    ['ssns', 'SSN 123456789 and 512-44-9087', 'SSN [SSN] and [SSN]'],
    ['mrns', 'Medical Record #: MR-2231-8841', 'Medical Record #: [MRN]'],
    ['dates', 'on 04/12/1958, 2024-01-17 and March 3, 2024', 'on [DATE], [DATE] and [DATE]'],
    ['phones', 'call (617) 555-0143 or 312.555.0177 ext. 22', 'call [PHONE] or [PHONE]'],
    [
      'addresses',
      'lives at 2045 W 5th Street, Unit 2, Tulsa, OK 74103 now',
      'lives at [ADDRESS] now',
    ],
  ] as const)('%s: %s', (kind, text, expected) => {
    const result = redact(text, kind);
    expect(result.text).toBe(expected);
    expect(result.redacted).toBe(expected.split(/\[[A-Z]+\]/).length - 1);
  });

  it('leaves look-alikes alone: vitals, doses, years, titles used as words', () => {
    const text = 'BP 142/88, metformin 1000 mg, since 2019, Room 412B, Dr. visit in 4 weeks.';
    for (const kind of PHI_KINDS) expect(redact(text, kind)).toEqual({ text, redacted: 0 });
  });

  it('names a label, not the title after it, as part of the name', () => {
    expect(findPhi('Seen by Dr. Ruth Adler.', 'names')).toEqual([
      { kind: 'names', start: 12, end: 22 },
    ]);
  });
});

describe('checkNoPhi', () => {
  it('says where an identifier is left, never what it is', () => {
    const verdict = checkNoPhi('Call 617-555-0143.');
    expect(verdict).toEqual({ valid: false, problems: ['a phone number at offset 5'] });
    expect(JSON.stringify(verdict)).not.toContain('555');
  });

  it('accepts fully redacted text, tags included', () => {
    expect(checkNoPhi('Patient: [NAME], DOB [DATE], MRN: [MRN].')).toEqual({
      valid: true,
      problems: [],
    });
  });
});
