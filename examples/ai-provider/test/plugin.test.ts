import { fileURLToPath } from 'node:url';
import { mountPlugin, type RouteRequest } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { API_KEY, COMPLETIONS, completion, ROUTE, streamBody, streamed } from './_openai.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const secrets = { OPENAI_API_KEY: API_KEY };
const config = { retryDelayMs: 0 };
const model = { model: 'gpt-4o-mini' };
const hello = [{ role: 'user', content: 'Say hello.' }] as const;

describe('ai-provider, in the real host against a mocked OpenAI API', () => {
  it('completes a conversation with the configured model and the key as bearer token', async () => {
    const requests: RouteRequest[] = [];
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [ROUTE]: (request) => {
          requests.push(request);
          return { json: completion('Hello!') };
        },
      },
    });
    expect(await plugin.execute('ai.chat', { messages: [...hello], temperature: 0.5 })).toEqual({
      content: 'Hello!',
      model: 'gpt-4o-mini-2024-07-18',
      finishReason: 'stop',
      streamed: false,
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(requests[0]?.json()).toEqual({
      model: 'gpt-4o-mini',
      messages: hello,
      temperature: 0.5,
    });
  });

  it('counts prompt, completion and total tokens by model, visible in the host metrics', async () => {
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: { [ROUTE]: { json: completion('Hi.', { prompt: 30, completion: 7 }) } },
    });
    await plugin.execute('ai.chat', { messages: [...hello] });
    await plugin.execute('ai.chat', { messages: [...hello] });
    expect(plugin).toHaveRecordedMetric('ai_prompt_tokens_total', 60, model);
    expect(plugin).toHaveRecordedMetric('ai_completion_tokens_total', 14, model);
    expect(plugin).toHaveRecordedMetric('ai_tokens_total', 74, model);
    expect(plugin).toHaveRecordedMetric('ai_completions_total', 2, {
      ...model,
      streamed: 'false',
    });
    // What the host keeps for the plugin (`stack-plugin list --metrics`, `metrics:read`).
    expect(plugin.status().metrics?.recorded).toContainEqual({
      name: 'ai_tokens_total',
      kind: 'counter',
      labels: model,
      value: 74,
    });
  });

  it('assembles a streamed completion from its server-sent events, usage from the last chunk', async () => {
    const bodies: unknown[] = [];
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [ROUTE]: (request) => {
          bodies.push(request.json());
          expect(request.headers.accept).toBe('text/event-stream');
          return streamed(streamBody(['Hel', 'lo', ' there!']));
        },
      },
    });
    expect(await plugin.execute('ai.chat', { messages: [...hello], stream: true })).toEqual({
      content: 'Hello there!',
      model: 'gpt-4o-mini-2024-07-18',
      finishReason: 'stop',
      streamed: true,
      usage: { promptTokens: 9, completionTokens: 4, totalTokens: 13 },
    });
    expect(bodies).toEqual([
      {
        model: 'gpt-4o-mini',
        messages: hello,
        stream: true,
        stream_options: { include_usage: true },
      },
    ]);
    expect(plugin).toHaveRecordedMetric('ai_tokens_total', 13, model);
    expect(plugin).toHaveRecordedMetric('ai_completions_total', 1, { streamed: 'true' });
  });

  it('refuses a stream cut off before data: [DONE]', async () => {
    const whole = streamBody(['Hel', 'lo']);
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: { [ROUTE]: streamed(whole.slice(0, whole.indexOf('data: {', 200))) },
    });
    await expect(
      plugin.execute('ai.chat', { messages: [...hello], stream: true }),
    ).rejects.toMatchObject({
      code: 'AI_RESPONSE_INVALID',
      message: `${COMPLETIONS} answered with something that is not a chat completion: the stream ended before "data: [DONE]".`,
    });
  });

  it('waits as long as a 429 Retry-After asks, then returns the answer', async () => {
    const times: number[] = [];
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [ROUTE]: () => {
          times.push(performance.now());
          return times.length === 1
            ? {
                status: 429,
                headers: { 'retry-after': '1' },
                json: { error: { message: 'Slow down' } },
              }
            : { json: completion('Done waiting.') };
        },
      },
    });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).resolves.toMatchObject({
      content: 'Done waiting.',
    });
    expect(times).toHaveLength(2);
    // The plugin's waits run on real timers (a plugin has no clock of the host's), so the
    // retry comes one real second later; config retryDelayMs is 0, so only Retry-After waits.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect(plugin).toHaveLogged('info', 'chat completion');
    expect(plugin.logs.find((l) => l.message === 'chat completion')?.data).toMatchObject({
      attempts: 2,
    });
  });

  it('fails at once with AI_RATE_LIMITED when Retry-After is longer than maxRetryWaitMs', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config: { ...config, maxRetryWaitMs: 5000 },
      secrets,
      net: {
        [ROUTE]: () => {
          calls++;
          return { status: 429, headers: { 'retry-after': '30' }, body: '' };
        },
      },
    });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).rejects.toMatchObject({
      code: 'AI_RATE_LIMITED',
      message: `${COMPLETIONS} answered 429 and asks to wait 30 s, longer than maxRetryWaitMs (5000 ms) allows.`,
    });
    expect(calls).toBe(1);
  });

  it('gives up after retries on 5xx with AI_RETRIES_EXHAUSTED and a hint', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config: { ...config, retries: 2 },
      secrets,
      net: {
        [ROUTE]: () => {
          calls++;
          return {
            status: 503,
            json: { error: { message: 'The engine is currently overloaded.' } },
          };
        },
      },
    });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).rejects.toMatchObject({
      code: 'AI_RETRIES_EXHAUSTED',
      message: `${COMPLETIONS} answered 503 to each of 3 attempts (last: The engine is currently overloaded).`,
      hint: "The provider is overloaded or failing: try again later, raise retries in the plugin config, or check the provider's status page.",
    });
    expect(calls).toBe(3);
    expect(plugin).toHaveRecordedMetric('ai_errors_total', 1, {
      ...model,
      code: 'AI_RETRIES_EXHAUSTED',
    });
  });

  it('does not retry a refused key, and passes on the provider message', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [ROUTE]: () => {
          calls++;
          return { status: 401, json: { error: { message: 'Incorrect API key provided.' } } };
        },
      },
    });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).rejects.toMatchObject({
      code: 'AI_REQUEST_FAILED',
      message: `${COMPLETIONS} refused the request with 401: Incorrect API key provided.`,
      hint: 'Check the API key in the secret store: it is missing, revoked or belongs to another provider.',
    });
    expect(calls).toBe(1);
  });

  it('says which secret and variable to set when the key is missing, sending nothing', async () => {
    const plugin = await mountPlugin(root, { config });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).rejects.toMatchObject({
      code: 'AI_KEY_MISSING',
      message:
        'The OPENAI_API_KEY secret is not set, so no request was sent to the chat completions API.',
      hint: "Set the host's STACK_SECRET_OPENAI_API_KEY environment variable (or OPENAI_API_KEY in its secrets file) to the provider's API key.",
    });
    expect(plugin.testHost.net.requests).toEqual([]);
  });

  it('talks to another compatible provider through baseUrl', async () => {
    const plugin = await mountPlugin(root, {
      config: { ...config, baseUrl: 'https://api.openai.com/v1/' },
      secrets,
      net: { [ROUTE]: { json: completion('Same host, trailing slash.') } },
    });
    await expect(plugin.execute('ai.chat', { messages: [...hello] })).resolves.toMatchObject({
      content: 'Same host, trailing slash.',
    });
    expect(plugin).toHaveRequested('POST', COMPLETIONS);
  });
});

describe('the summarize skill', () => {
  it('asks for a summary of at most maxWords words and returns it trimmed', async () => {
    const bodies: Array<{
      messages: Array<{ role: string; content: string }>;
      max_tokens: number;
    }> = [];
    const text = 'The meeting agreed to ship on Friday. Ada owns the release notes.';
    const plugin = await mountPlugin(root, {
      config,
      secrets,
      net: {
        [ROUTE]: (request) => {
          bodies.push(request.json() as (typeof bodies)[number]);
          return { json: completion('  Ship Friday; Ada writes the notes.\n') };
        },
      },
    });
    expect(
      await plugin.invoke('skills', 'summarize', { text, maxWords: 30, focus: 'owners' }),
    ).toEqual({
      summary: 'Ship Friday; Ada writes the notes.',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17 },
    });
    expect(bodies[0]?.messages[0]?.content).toMatch(/at most 30 words\. Concentrate on: owners\./);
    expect(bodies[0]?.messages[1]).toEqual({ role: 'user', content: text });
    expect(bodies[0]?.max_tokens).toBe(110);
    expect(plugin).toHaveRecordedMetric('ai_tokens_total', 17, model);
  });

  it('refuses input its schema does not allow, before any request', async () => {
    const plugin = await mountPlugin(root, { config, secrets });
    await expect(plugin.invoke('skills', 'summarize', { text: '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      plugin.invoke('skills', 'summarize', { text: 'x', maxWords: 5000 }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(plugin.testHost.net.requests).toEqual([]);
  });
});
