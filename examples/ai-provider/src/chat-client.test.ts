import { createError, type NetRequest, type NetResponse, pdkErrors } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { completion, streamBody } from '../test/_openai.js';
import { type ChatClientOptions, createChatClient } from './chat-client.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const URL = 'https://llm.example/v1/chat/completions';

const reply = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): NetResponse => ({
  url: URL,
  status,
  ok: status >= 200 && status < 300,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function setup(answers: Array<NetResponse | Error>, options: Partial<ChatClientOptions> = {}) {
  const requests: Array<{ url: string; request: NetRequest | undefined }> = [];
  const sleeps: number[] = [];
  const client = createChatClient({
    plugin: '@stack-plugin/example-ai-provider',
    fetch: async (url, request) => {
      requests.push({ url, request });
      const next = answers.shift();
      if (next === undefined) throw new Error('unexpected request');
      if (next instanceof Error) throw next;
      return next;
    },
    apiKey: 'sk-unit',
    baseUrl: 'https://llm.example/v1',
    model: 'small',
    retries: 2,
    retryDelayMs: 100,
    maxRetryWaitMs: 10_000,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
    ...options,
  });
  return { client, requests, sleeps };
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createChatClient', () => {
  it('posts the model, messages and options to {baseUrl}/chat/completions', async () => {
    const t = setup([reply(200, completion('ok'))]);
    await t.client.complete({ ...ask, temperature: 0, maxTokens: 9 });
    expect(t.requests).toEqual([
      {
        url: URL,
        request: {
          method: 'POST',
          headers: {
            accept: 'application/json',
            authorization: 'Bearer sk-unit',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            model: 'small',
            messages: ask.messages,
            temperature: 0,
            max_tokens: 9,
          }),
        },
      },
    ]);
  });

  it('honours Retry-After as an HTTP-date, and backs off when there is none', async () => {
    const t = setup([
      reply(429, '', { 'retry-after': 'Thu, 01 Jan 2026 12:00:04 GMT' }),
      reply(500, ''),
      reply(200, completion('third time')),
    ]);
    expect(await t.client.complete(ask)).toMatchObject({ content: 'third time', attempts: 3 });
    expect(t.sleeps).toEqual([4000, 200]);
  });

  it('reads a whole JSON answer when the provider ignores stream', async () => {
    const t = setup([
      reply(200, completion('not streamed'), { 'content-type': 'application/json' }),
    ]);
    expect(await t.client.complete({ ...ask, stream: true })).toMatchObject({
      content: 'not streamed',
      streamed: false,
    });
  });

  it('parses a text/event-stream answer as a stream', async () => {
    const t = setup([reply(200, streamBody(['a', 'b']), { 'content-type': 'text/event-stream' })]);
    expect(await t.client.complete({ ...ask, stream: true })).toMatchObject({
      content: 'ab',
      streamed: true,
      attempts: 1,
    });
  });

  it('wraps network failures in AI_UNREACHABLE after the retries, keeping the cause', async () => {
    const reset = new Error('ECONNRESET');
    const t = setup([new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), reset]);
    const error = await t.client.complete(ask).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'AI_UNREACHABLE',
      message: `${URL} could not be reached in 3 attempts: ECONNRESET.`,
      plugin: '@stack-plugin/example-ai-provider',
      cause: reset,
    });
    expect(t.sleeps).toEqual([100, 200]);
  });

  it('passes a refusal of the host on as it is, without retrying', async () => {
    const denied = createError(
      pdkErrors.PERMISSION_DENIED,
      { plugin: 'p', action: `fetch ${URL}`, permission: 'net:llm.example' },
      { plugin: 'p' },
    );
    const t = setup([denied]);
    await expect(t.client.complete(ask)).rejects.toBe(denied);
    expect(t.requests).toHaveLength(1);
  });

  it('refuses a 200 that is not a chat completion with AI_RESPONSE_INVALID', async () => {
    const t = setup([reply(200, '<html>login</html>', { 'content-type': 'text/html' })]);
    await expect(t.client.complete(ask)).rejects.toMatchObject({
      code: 'AI_RESPONSE_INVALID',
      message: `${URL} answered with something that is not a chat completion: the body is not JSON.`,
    });
  });

  it('reports an error event inside a stream as AI_REQUEST_FAILED', async () => {
    const t = setup([
      reply(200, 'data: {"error":{"message":"context length exceeded."}}\n\n', {
        'content-type': 'text/event-stream',
      }),
    ]);
    await expect(t.client.complete({ ...ask, stream: true })).rejects.toMatchObject({
      code: 'AI_REQUEST_FAILED',
      message: `${URL} refused the request with 200: context length exceeded.`,
    });
  });
});
