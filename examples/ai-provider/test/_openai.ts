/** Answers of an OpenAI-compatible chat completions API, for the tests' network routes. */

export const COMPLETIONS = 'https://api.openai.com/v1/chat/completions';
export const ROUTE = `POST ${COMPLETIONS}`;
export const API_KEY = 'sk-test-0123456789abcdef';

/** A whole chat completion, as `POST /chat/completions` answers without `stream`. */
export function completion(content: string, usage = { prompt: 12, completion: 5 }) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1767225600,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      { index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

/**
 * A streamed chat completion: one `data:` event per piece of the reply, `finish_reason` on the
 * last, a usage chunk with no choices (`stream_options.include_usage`), then `data: [DONE]`.
 */
export function streamBody(pieces: readonly string[], usage = { prompt: 9, completion: 4 }) {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-2',
      object: 'chat.completion.chunk',
      created: 1767225600,
      model: 'gpt-4o-mini-2024-07-18',
      choices,
      ...extra,
    })}\n\n`;
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...pieces.map((content, i) =>
      chunk([
        {
          index: 0,
          delta: { content },
          finish_reason: i === pieces.length - 1 ? 'stop' : null,
        },
      ]),
    ),
    chunk([], {
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    }),
    'data: [DONE]\n\n',
  ].join('');
}

/** The response a route gives for a streamed answer. */
export const streamed = (body: string) => ({
  headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  body,
});
