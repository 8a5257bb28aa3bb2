import { describe, expect, it } from 'vitest';
import { isPullRequest, summarise, toIssue } from './issues.js';

const raw = {
  number: 7,
  title: 'Crash on start',
  state: 'open',
  labels: [{ name: 'bug' }, 'p1'],
  user: { login: 'ada' },
  html_url: 'https://github.com/acme/app/issues/7',
  comments: 3,
  updated_at: '2025-05-01T10:00:00Z',
};

describe('toIssue', () => {
  it('keeps the fields the commands return', () => {
    expect(toIssue(raw)).toEqual({
      number: 7,
      title: 'Crash on start',
      state: 'open',
      labels: ['bug', 'p1'],
      author: 'ada',
      url: 'https://github.com/acme/app/issues/7',
      comments: 3,
      updatedAt: '2025-05-01T10:00:00Z',
    });
  });

  it('shows deleted users as ghost', () => {
    expect(toIssue({ ...raw, user: null }).author).toBe('ghost');
  });
});

describe('isPullRequest', () => {
  it('tells pull requests from issues', () => {
    expect(isPullRequest({ ...raw, pull_request: { url: 'x' } })).toBe(true);
    expect(isPullRequest(raw)).toBe(false);
  });
});

describe('summarise', () => {
  it('counts open issues per label, most used first', () => {
    const issue = toIssue(raw);
    expect(
      summarise([
        issue,
        { ...issue, labels: ['bug'] },
        { ...issue, labels: [] },
        { ...issue, labels: ['docs'], state: 'closed' },
      ]),
    ).toEqual({
      open: 3,
      byLabel: [
        { label: 'bug', count: 2 },
        { label: '(none)', count: 1 },
        { label: 'p1', count: 1 },
      ],
    });
  });
});
