import { fileURLToPath } from 'node:url';
import { mountPlugin, type RouteRequest } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = { owner: 'acme', repo: 'app', retryDelayMs: 0 };
const secrets = { GITHUB_TOKEN: 'ghp_test' };
const API = 'https://api.github.com/repos/acme/app';

const gh = (number: number, labels: string[], extra: Record<string, unknown> = {}) => ({
  number,
  title: `Issue ${number}`,
  state: 'open',
  labels: labels.map((name) => ({ name })),
  user: { login: 'ada' },
  html_url: `https://github.com/acme/app/issues/${number}`,
  comments: 0,
  updated_at: '2025-05-01T10:00:00Z',
  ...extra,
});

describe('github-issues, in the real host against a mocked GitHub API', () => {
  it('lists issues across pages and leaves pull requests out', async () => {
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [`GET ${API}/issues?state=open&per_page=100`]: {
          headers: { link: `<${API}/issues?state=open&per_page=100&page=2>; rel="next"` },
          json: [gh(1, ['bug']), gh(2, [], { pull_request: {} })],
        },
        [`GET ${API}/issues?state=open&per_page=100&page=2`]: { json: [gh(3, ['docs'])] },
      },
    });
    const result = (await plugin.execute('issues.list', {})) as {
      issues: Array<{ number: number }>;
    };
    expect(result.issues.map((i) => i.number)).toEqual([1, 3]);
  });

  it('answers from the ETag cache in its state when GitHub says 304', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [`GET ${API}/issues?state=closed&per_page=100`]: (request: RouteRequest) => {
          calls++;
          return request.headers['if-none-match'] === '"v1"'
            ? { status: 304, body: '' }
            : { headers: { etag: '"v1"' }, json: [gh(5, [], { state: 'closed' })] };
        },
      },
    });
    const first = await plugin.execute('issues.list', { state: 'closed' });
    const second = await plugin.execute('issues.list', { state: 'closed' });
    expect(first).toMatchObject({ cached: false });
    expect(second).toEqual({ ...(first as object), cached: true });
    expect(calls).toBe(2);
  });

  it('creates an issue and emits github.issue.created', async () => {
    const bodies: unknown[] = [];
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [`POST ${API}/issues`]: (request: RouteRequest) => {
          bodies.push(request.json());
          return { status: 201, json: gh(42, ['bug'], { title: 'Broken link' }) };
        },
      },
    });
    const issue = await plugin.execute('issues.create', { title: 'Broken link', labels: ['bug'] });
    expect(issue).toMatchObject({ number: 42, title: 'Broken link', labels: ['bug'] });
    expect(bodies).toEqual([{ title: 'Broken link', labels: ['bug'] }]);
    expect(plugin.events).toContainEqual(
      expect.objectContaining({
        topic: 'github.issue.created',
        payload: { number: 42, title: 'Broken link', url: 'https://github.com/acme/app/issues/42' },
      }),
    );
  });

  it('summarises open issues by label', async () => {
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [`GET ${API}/issues?state=open&per_page=100`]: {
          json: [gh(1, ['bug']), gh(2, ['bug', 'ui']), gh(3, [])],
        },
      },
    });
    expect(await plugin.execute('issues.summary', {})).toEqual({
      open: 3,
      byLabel: [
        { label: 'bug', count: 2 },
        { label: '(none)', count: 1 },
        { label: 'ui', count: 1 },
      ],
    });
  });

  it('reports a used-up rate limit with its reset time, without retrying', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [`GET ${API}/issues/9`]: () => {
          calls++;
          return {
            status: 403,
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767225600' },
            json: { message: 'API rate limit exceeded' },
          };
        },
      },
    });
    await expect(plugin.execute('issues.get', { number: 9 })).rejects.toThrow(
      /GitHub rate limit used up; it resets at 2026-01-01T00:00:00.000Z/,
    );
    expect(calls).toBe(1);
  });

  it('needs owner and repo in its configuration', async () => {
    await expect(mountPlugin(root, { secrets })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('cannot reach any host but api.github.com', async () => {
    const plugin = await mountPlugin(root, { config, secrets, failOn: { deniedRequests: false } });
    await expect(plugin.asPlugin().net.fetch('https://example.com/')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
  });
});
