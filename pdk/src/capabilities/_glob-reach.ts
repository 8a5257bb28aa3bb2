import { globMatcher } from '../permissions/glob-matcher.js';

/**
 * Sentinel paths standing for kinds of workspace files. A glob's risk is what its compiled
 * matcher reaches among them, so every spelling of "everything" (`**`, `**` + `/**`, `**` +
 * `/*`, `{**,x}`, ...) rates alike: the behaviour of the glob is rated, not its text.
 */
const SENTINELS = {
  /** Files that usually hold credentials. */
  secrets: ['.env', 'config/.env.production', '.npmrc', '.git/config', 'deploy/id_rsa'],
  /** Files other tools execute or obey: scripts, hooks, CI, dependencies, editor tasks. */
  executed: [
    'package.json',
    'packages/app/package.json',
    '.git/hooks/pre-commit',
    '.husky/pre-commit',
    '.github/workflows/ci.yml',
    'node_modules/dep/index.js',
    '.vscode/tasks.json',
    'Makefile',
  ],
  /** Ordinary files at several depths. */
  ordinary: ['README.md', 'x', 'src/index.ts', 'a/b/c/d/e/f/g.txt', 'docs/.hidden/page.md'],
} as const;

/** Which kinds of files a glob reaches. */
export interface GlobReach {
  /** Every sentinel: the glob behaves like `**`. */
  readonly everything: boolean;
  /** Some file that usually holds credentials. */
  readonly secrets: boolean;
  /** Some file other tools execute (a write there amounts to running code). */
  readonly executed: boolean;
}

/**
 * How far `glob` reaches, found by testing its compiled matcher (the one grants are matched
 * with) on the sentinel paths.
 */
export function globReach(glob: string): GlobReach {
  const matches = globMatcher(glob);
  const hits = (paths: readonly string[]) => paths.some((path) => matches(path));
  return {
    everything: Object.values(SENTINELS).every((paths) => paths.every((path) => matches(path))),
    secrets: hits(SENTINELS.secrets),
    executed: hits(SENTINELS.executed),
  };
}
