/** A semver bump, as changesets declare them; `none` when nothing user-visible changed. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The larger of the bumps (`none` for an empty list). */
export function maxBump(bumps: Iterable<Bump>): Bump {
  let best: Bump = 'none';
  for (const b of bumps) if (ORDER[b] > ORDER[best]) best = b;
  return best;
}

/** Whether `declared` covers `required` (a minor change needs a minor or major bump). */
export function bumpCovers(declared: Bump, required: Bump): boolean {
  return ORDER[declared] >= ORDER[required];
}

/** One classified difference between two versions of a package. */
export interface ApiChange {
  /** Where the change was found: the TypeScript API or the plugin manifest. */
  readonly source: 'api' | 'manifest';
  readonly bump: Exclude<Bump, 'none'>;
  /** One line for people: `removed export toCelsius`, `new permission exec:git (risk high)`. */
  readonly description: string;
  /** Set for changes that widen what the plugin may do (new permission, weaker isolation). */
  readonly security?: true;
}
