import { spawn } from 'node:child_process';

/** What a git command printed, and its exit status (`null` when a signal ended it). */
export interface GitResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real `git` with `args`; resolves whatever the exit status, rejects when git is missing. */
export function runGit(args: readonly string[], cwd?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Why the project in `dir` cannot show the upgrade as its own diff: uncommitted changes, or no
 * git repository at all; `undefined` when the working tree is clean.
 */
export async function uncommittedChanges(dir: string): Promise<string | undefined> {
  const result = await runGit(
    ['status', '--porcelain', '--untracked-files=normal', '--', '.'],
    dir,
  );
  if (result.code !== 0) return 'is not in a git repository';
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  if (lines.length === 0) return undefined;
  const paths = lines.slice(0, 5).map((l) => l.slice(3));
  return `has uncommitted changes (${paths.join(', ')}${lines.length > 5 ? `, and ${lines.length - 5} more` : ''})`;
}
