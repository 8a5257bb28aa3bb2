/**
 * Detectors for the identifiers this plugin redacts, one per kind, and the redaction itself.
 *
 * Patterns rather than a library or a model: the identifiers covered here have fixed shapes
 * (US formats), the plugin must run inside a sandbox with no native code, and the corpus test
 * (`test/performance.test.ts`) measures each detector's precision and recall, so a change that
 * trades one for the other shows. A production de-identifier would add name dictionaries and a
 * named-entity model for names that appear without a title or label.
 */

/** The kinds of identifier, in the order the `phi.deidentify` workflow redacts them. */
export const PHI_KINDS = [
  'names',
  'emails',
  'ssns',
  'mrns',
  'dates',
  'phones',
  'addresses',
] as const;

/** One kind of identifier. */
export type PhiKind = (typeof PHI_KINDS)[number];

/** Where an identifier was found: `start`/`end` are offsets into the text, end exclusive. */
export interface PhiMatch {
  kind: PhiKind;
  start: number;
  end: number;
}

interface Detector {
  /** Replaces what it finds. */
  tag: string;
  /** Global patterns; a named group `phi` marks the part to replace (the label stays). */
  patterns: RegExp[];
  /** How a finding is named in a validator problem (never the value itself). */
  noun: string;
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const NAME_WORD = "[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?";
// A first name, an optional initial, up to two more capitalised words; or "Last, First".
const PERSON = `${NAME_WORD}(?:,\\s+${NAME_WORD}|(?:\\s+[A-Z]\\.)?(?:\\s+${NAME_WORD}){0,2})`;
const TITLE = '(?:Dr|Mr|Mrs|Ms|Miss|Prof)';
// Words that introduce a person's name in notes, matched with either case of their first letter
// ("Daughter Grace Park", "her daughter Grace Park"); the name itself must be capitalised.
const LABELS = [
  'Patient',
  'Name',
  'Contact',
  'Emergency contact',
  'Attending',
  'Physician',
  'Referred by',
  'Seen by',
  'Guardian',
  'Mother',
  'Father',
  'Son',
  'Daughter',
  'Wife',
  'Husband',
  'Spouse',
]
  .map((label) => `[${label[0]?.toUpperCase()}${label[0]?.toLowerCase()}]${label.slice(1)}`)
  .join('|');
const STREET_WORD = '(?:[A-Z][a-z]+|\\d+(?:st|nd|rd|th))';
const SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy)';

const DETECTORS: Record<PhiKind, Detector> = {
  names: {
    tag: '[NAME]',
    noun: 'a name',
    patterns: [
      new RegExp(`\\b${TITLE}\\.?\\s+(?<phi>${PERSON})`, 'g'),
      new RegExp(`\\b(?:${LABELS})(?::\\s*|\\s+)(?!${TITLE}\\b)(?<phi>${PERSON})`, 'g'),
    ],
  },
  emails: {
    tag: '[EMAIL]',
    noun: 'an email address',
    patterns: [/(?<phi>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g],
  },
  ssns: {
    tag: '[SSN]',
    noun: 'a social security number',
    patterns: [
      /(?<!\d)(?<phi>\d{3}-\d{2}-\d{4})(?!\d)/g,
      /\b(?:SSN|Social Security(?: Number| No\.?)?)\s*[:#]?\s*(?<phi>\d{9})\b/gi,
    ],
  },
  mrns: {
    tag: '[MRN]',
    noun: 'a medical record number',
    patterns: [
      /\b(?:MRN|MR#|Medical Record(?: Number| No\.?| #)?)\s*[:#]?\s*(?<phi>[A-Z]{0,3}-?\d[\d-]{3,}\d)\b/gi,
    ],
  },
  dates: {
    tag: '[DATE]',
    noun: 'a date',
    patterns: [
      /(?<![\d/])(?<phi>(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])[/-](?:\d{4}|\d{2}))(?![\d/])/g,
      /\b(?<phi>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b/g,
      new RegExp(`\\b(?<phi>${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})\\b`, 'g'),
      new RegExp(`\\b(?<phi>\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+\\d{4})\\b`, 'g'),
    ],
  },
  phones: {
    tag: '[PHONE]',
    noun: 'a phone number',
    patterns: [
      /(?<![\d-])(?<phi>(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?)(?![\d-])/g,
    ],
  },
  addresses: {
    tag: '[ADDRESS]',
    noun: 'a street address',
    patterns: [
      new RegExp(
        `\\b(?<phi>\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:${STREET_WORD}\\s+){1,3}${SUFFIX}\\.?` +
          `(?:,?\\s+(?:Apt|Apartment|Unit|Suite|Ste)\\.?\\s*#?[\\w-]+)?` +
          `(?:,\\s*[A-Z][a-z]+(?:\\s+[A-Z][a-z]+)*,\\s*[A-Z]{2}(?:\\s+\\d{5}(?:-\\d{4})?)?)?)`,
        'g',
      ),
    ],
  },
};

/** Every identifier of `kind` in `text`, in order, overlapping ones merged. */
export function findPhi(text: string, kind: PhiKind): PhiMatch[] {
  const found: PhiMatch[] = [];
  for (const pattern of DETECTORS[kind].patterns) {
    for (const match of text.matchAll(pattern)) {
      const value = match.groups?.phi ?? match[0];
      const start = (match.index ?? 0) + match[0].lastIndexOf(value);
      found.push({ kind, start, end: start + value.length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PhiMatch[] = [];
  for (const m of found) {
    const last = merged.at(-1);
    if (last !== undefined && m.start < last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  return merged;
}

/** `text` with every identifier of `kind` replaced by its tag, and how many were replaced. */
export function redact(text: string, kind: PhiKind): { text: string; redacted: number } {
  const matches = findPhi(text, kind);
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + DETECTORS[kind].tag;
    at = m.end;
  }
  return { text: out + text.slice(at), redacted: matches.length };
}

/**
 * The validator's verdict: one problem per identifier left, naming its kind and offset but
 * never its value, so the verdict itself can be logged.
 */
export function checkNoPhi(text: string): { valid: boolean; problems: string[] } {
  const problems = PHI_KINDS.flatMap((kind) =>
    findPhi(text, kind).map((m) => `${DETECTORS[kind].noun} at offset ${m.start}`),
  );
  return { valid: problems.length === 0, problems };
}
