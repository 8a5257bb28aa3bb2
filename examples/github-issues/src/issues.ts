/** An issue as the commands return it. */
export interface Issue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  labels: string[];
  author: string;
  url: string;
  comments: number;
  updatedAt: string;
}

/** The fields of GitHub's issue JSON this plugin reads. */
interface GitHubIssue {
  number: number;
  title: string;
  state: string;
  labels: Array<string | { name?: string }>;
  user: { login: string } | null;
  html_url: string;
  comments: number;
  updated_at: string;
  pull_request?: unknown;
}

/** Whether an item of GitHub's issues endpoint is a pull request (it lists both). */
export function isPullRequest(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'pull_request' in raw;
}

/** GitHub issue JSON -> {@link Issue}. Deleted users show as `ghost`, as on github.com. */
export function toIssue(raw: unknown): Issue {
  const issue = raw as GitHubIssue;
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((l) => l !== ''),
    author: issue.user?.login ?? 'ghost',
    url: issue.html_url,
    comments: issue.comments,
    updatedAt: issue.updated_at,
  };
}

/** Open issues per label, most used first, then by name; unlabelled issues count as `(none)`. */
export function summarise(issues: readonly Issue[]): {
  open: number;
  byLabel: Array<{ label: string; count: number }>;
} {
  const open = issues.filter((i) => i.state === 'open');
  const counts = new Map<string, number>();
  for (const issue of open) {
    for (const label of issue.labels.length === 0 ? ['(none)'] : issue.labels) {
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  const byLabel = [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { open: open.length, byLabel };
}
