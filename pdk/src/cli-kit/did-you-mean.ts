/**
 * Edit distance with adjacent transpositions (optimal string alignment). Hand-written on
 * purpose: the Levenshtein packages (`leven`, `fastest-levenshtein`) count a swapped pair as
 * two edits, so `ecoh` would no longer suggest `echo`; this is the whole algorithm.
 */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The candidate closest to `input`, when close enough to be a likely typo: within a third of
 * its length (at least 1, at most 3 edits, case ignored), or a unique prefix of at least 3
 * characters. Every "did you mean" of the kit (commands, options, manifest and config keys,
 * scaffolder choices) goes through here, so they all suggest alike.
 *
 * @example
 * ```ts
 * didYouMean('polcy', ['plugins', 'policy']); // 'policy'
 * didYouMean('zzz', ['plugins', 'policy']); // undefined
 * ```
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of [...candidates].sort()) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = candidates.filter((c) => lower.length >= 3 && c.startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * `input` followed by ` (did you mean "<guess>"?)` when {@link didYouMean} has a guess, for
 * messages that name a wrong word. `quote` formats the guess (e.g. prefixes `--`).
 */
export function withDidYouMean(
  text: string,
  input: string,
  candidates: readonly string[],
  quote: (guess: string) => string = (guess) => guess,
): string {
  const guess = didYouMean(input, candidates);
  return guess === undefined ? text : `${text} (did you mean "${quote(guess)}"?)`;
}
