import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { findPhi, PHI_KINDS, type PhiKind } from '../src/phi.js';
import { NOTES, parseNote } from './corpus.js';

// Load, activation and per-call latency of every contribution through the host.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), { iterations: 50 });

// Redaction quality on the synthetic corpus, per kind: precision (of what was found, how much
// is an identifier) and recall (of the identifiers, how many were found). A finding counts when
// it overlaps a marked identifier of the same kind.
describe('redaction quality on the synthetic corpus', () => {
  const counts = Object.fromEntries(
    PHI_KINDS.map((kind) => [kind, { marked: 0, found: 0, truePositives: 0, covered: 0 }]),
  ) as Record<PhiKind, { marked: number; found: number; truePositives: number; covered: number }>;
  for (const note of NOTES) {
    const { text, spans } = parseNote(note);
    for (const kind of PHI_KINDS) {
      const marked = spans.filter((s) => s.kind === kind);
      const found = findPhi(text, kind);
      const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
        a.start < b.end && b.start < a.end;
      const c = counts[kind];
      c.marked += marked.length;
      c.found += found.length;
      c.truePositives += found.filter((f) => marked.some((m) => overlaps(f, m))).length;
      c.covered += marked.filter((m) => found.some((f) => overlaps(f, m))).length;
    }
  }
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const rows = PHI_KINDS.map((kind) => {
    const c = counts[kind];
    return {
      kind,
      marked: c.marked,
      precision: ratio(c.truePositives, c.found),
      recall: ratio(c.covered, c.marked),
    };
  });
  console.log(
    ['kind        marked  precision  recall']
      .concat(
        rows.map(
          (r) =>
            `${r.kind.padEnd(12)}${String(r.marked).padStart(6)}  ${r.precision.toFixed(3).padStart(9)}  ${r.recall.toFixed(3).padStart(6)}`,
        ),
      )
      .join('\n'),
  );

  it.each(rows)('$kind: every marked identifier found, nothing else', (row) => {
    expect(row.marked).toBeGreaterThan(0);
    expect(row.recall).toBe(1);
    expect(row.precision).toBe(1);
  });
});
