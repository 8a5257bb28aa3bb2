import { definePlugin } from '@stack-plugin/pdk';
import { type CachedResponse, createGitHubClient, GITHUB_API } from './github-client.js';
import { type Issue, isPullRequest, summarise, toIssue } from './issues.js';

/**
 * GitHub issues for one repository (`config.owner`/`config.repo`): list (paginated, cached
 * with ETags in the plugin's state), get, create (emitting `github.issue.created`) and a
 * per-label summary. Reaches only api.github.com, reads only the GITHUB_TOKEN secret.
 */
export default definePlugin({
  async activate(ctx) {
    const { owner, repo } = ctx.config;
    const base = `${GITHUB_API}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

    const client = async () => {
      const token = await ctx.secrets.get('GITHUB_TOKEN');
      if (token === undefined || token === '') {
        throw new Error(
          'The GITHUB_TOKEN secret is not set: add a token with "issues" access to the host secret store.',
        );
      }
      return createGitHubClient({
        fetch: (url, request) => ctx.net.fetch(url, request),
        token,
        retries: ctx.config.retries,
        retryDelayMs: ctx.config.retryDelayMs,
        cache: {
          get: (url) => ctx.state.get<CachedResponse>(`etag:${url}`),
          set: (url, value) => ctx.state.set(`etag:${url}`, value),
        },
      });
    };

    const listIssues = async (
      state: 'open' | 'closed' | 'all',
      labels: readonly string[],
      limit: number,
    ) => {
      const api = await client();
      const query = new URLSearchParams({ state, per_page: '100' });
      if (labels.length > 0) query.set('labels', labels.join(','));
      let url: string | undefined = `${base}/issues?${query}`;
      const issues: Issue[] = [];
      let cached = true;
      for (let page = 0; url !== undefined && page < ctx.config.maxPages; page++) {
        const response = await api.request('GET', url);
        cached &&= response.cached;
        for (const raw of JSON.parse(response.body) as unknown[]) {
          if (!isPullRequest(raw)) issues.push(toIssue(raw));
        }
        if (issues.length >= limit) break;
        url = response.next;
      }
      return { issues: issues.slice(0, limit), cached };
    };

    await ctx.commands.register('issues.list', (input) =>
      listIssues(
        input.state ?? 'open',
        input.labels ?? [],
        input.limit ?? Number.POSITIVE_INFINITY,
      ),
    );

    await ctx.commands.register('issues.get', async (input) => {
      const response = await (await client()).request('GET', `${base}/issues/${input.number}`);
      return toIssue(JSON.parse(response.body));
    });

    await ctx.commands.register('issues.create', async (input) => {
      const response = await (await client()).request('POST', `${base}/issues`, {
        title: input.title,
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.labels === undefined ? {} : { labels: input.labels }),
      });
      const issue = toIssue(JSON.parse(response.body));
      await ctx.events.emit('github.issue.created', {
        number: issue.number,
        title: issue.title,
        url: issue.url,
      });
      ctx.log.info('created issue', { number: issue.number });
      return issue;
    });

    await ctx.commands.register('issues.summary', async () =>
      summarise((await listIssues('open', [], Number.POSITIVE_INFINITY)).issues),
    );
  },
});
