/** One change, parsed from a conventional-commit message. */
export interface Change {
  type: string;
  scope?: string;
  summary: string;
  breaking: boolean;
}

/** How much a set of changes moves the version. */
export type BumpLevel = 'major' | 'minor' | 'patch' | 'none';

const HEADER = /^(?<type>[a-z]+)(?:\((?<scope>[^)]+)\))?(?<bang>!)?: (?<summary>.+)$/;

/** Parse `type(scope)!: summary` headers; a `BREAKING CHANGE:` footer also marks a break. */
export function collectChanges(commits: readonly string[]): { changes: Change[]; ignored: number } {
  const changes: Change[] = [];
  let ignored = 0;
  for (const message of commits) {
    const [header = '', ...body] = message.split('\n');
    const match = HEADER.exec(header.trim());
    if (match?.groups === undefined) {
      ignored++;
      continue;
    }
    const { type = '', scope, bang, summary = '' } = match.groups;
    changes.push({
      type,
      ...(scope === undefined ? {} : { scope }),
      summary: summary.trim(),
      breaking: bang === '!' || body.some((line) => /^BREAKING[ -]CHANGE:/.test(line)),
    });
  }
  return { changes, ignored };
}

/** The largest bump the changes call for: breaking > feat > fix/perf > nothing. */
export function bumpLevel(changes: readonly Change[]): BumpLevel {
  if (changes.some((c) => c.breaking)) return 'major';
  if (changes.some((c) => c.type === 'feat')) return 'minor';
  if (changes.some((c) => c.type === 'fix' || c.type === 'perf')) return 'patch';
  return 'none';
}

/** Apply a bump to `major.minor.patch`. */
export function bumpVersion(current: string, level: BumpLevel): string {
  const [major = 0, minor = 0, patch = 0] = current.split('.').map(Number);
  switch (level) {
    case 'major':
      return `${major + 1}.0.0`;
    case 'minor':
      return `${major}.${minor + 1}.0`;
    case 'patch':
      return `${major}.${minor}.${patch + 1}`;
    case 'none':
      return current;
  }
}

const SECTIONS: ReadonlyArray<[string, (c: Change) => boolean]> = [
  ['Breaking changes', (c) => c.breaking],
  ['Features', (c) => !c.breaking && c.type === 'feat'],
  ['Fixes', (c) => !c.breaking && (c.type === 'fix' || c.type === 'perf')],
];

/** Markdown release notes, one section per kind of change, empty sections left out. */
export function renderNotes(version: string, changes: readonly Change[]): string {
  const parts = [`## ${version}`];
  for (const [title, belongs] of SECTIONS) {
    const lines = changes
      .filter(belongs)
      .map((c) => `- ${c.scope === undefined ? '' : `**${c.scope}:** `}${c.summary}`);
    if (lines.length > 0) parts.push(`### ${title}\n\n${lines.join('\n')}`);
  }
  if (parts.length === 1) parts.push('No user-facing changes.');
  return `${parts.join('\n\n')}\n`;
}

/** The whole release in one call: the three steps' functions chained as the workflow does. */
export function planRelease(
  current: string,
  commits: readonly string[],
): { version: string; level: BumpLevel; notes: string; changes: number; ignored: number } {
  const { changes, ignored } = collectChanges(commits);
  const level = bumpLevel(changes);
  const version = bumpVersion(current, level);
  return { version, level, notes: renderNotes(version, changes), changes: changes.length, ignored };
}
