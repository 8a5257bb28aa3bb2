import { fileURLToPath } from 'node:url';
import { runCli } from '@stack-plugin/cli';
import { mountPlugin } from '@stack-plugin/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, completion, ROUTE, streamBody, streamed } from './_openai.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const hello = [{ role: 'user', content: 'hi' }];

// The other tests run the sources in the host's process; a host runs the built bundle in the
// isolation the manifest declares (`limited`: a worker with SES), where eventsource-parser, the
// retry waits and the errors must work the same. So build it, as `npm run build` does.
beforeAll(async () => {
  const built = await runCli(['build'], { cwd: root });
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
}, 60_000);

describe('the built plugin at its declared isolation', () => {
  it('streams, retries after an HTTP-date Retry-After and counts tokens inside the sandbox', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      isolation: 'declared',
      config: { retryDelayMs: 0 },
      secrets: { OPENAI_API_KEY: API_KEY },
      net: {
        [ROUTE]: () =>
          ++calls === 1
            ? // A date already past: retry at once.
              { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:00 GMT' }, body: '' }
            : streamed(streamBody(['sand', 'boxed'])),
      },
    });
    expect(plugin.status().isolation).toBe('limited');
    await expect(
      plugin.execute('ai.chat', { messages: hello, stream: true }),
    ).resolves.toMatchObject({ content: 'sandboxed', streamed: true });
    expect(calls).toBe(2);
    expect(plugin).toHaveRecordedMetric('ai_tokens_total', 13, { model: 'gpt-4o-mini' });
  });

  it('answers the summarize skill', async () => {
    const plugin = await mountPlugin(root, {
      isolation: 'declared',
      secrets: { OPENAI_API_KEY: API_KEY },
      net: { [ROUTE]: { json: completion(' In short. ') } },
    });
    await expect(plugin.invoke('skills', 'summarize', { text: 'A long text.' })).resolves.toEqual({
      summary: 'In short.',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    });
  });

  it('reports a missing key with its code and hint', async () => {
    const plugin = await mountPlugin(root, { isolation: 'declared' });
    const error = await plugin.execute('ai.chat', { messages: hello }).catch((e: unknown) => e);
    // The plugin's own error, as at isolation `none`: code, hint and plugin cross the sandbox.
    expect(error).toMatchObject({
      code: 'AI_KEY_MISSING',
      plugin: '@stack-plugin/example-ai-provider',
      hint: "Set the host's STACK_SECRET_OPENAI_API_KEY environment variable (or OPENAI_API_KEY in its secrets file) to the provider's API key.",
    });
  });
});
