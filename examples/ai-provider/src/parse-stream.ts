import { createParser } from 'eventsource-parser';
import {
  type Completion,
  CompletionShapeError,
  isObject,
  ProviderError,
  providerMessage,
  type TokenUsage,
  toUsage,
} from './completion.js';

/**
 * Assembles a streamed chat completion from its server-sent events: `data: {...}` chunks whose
 * first choice carries a `delta` of the reply, `finish_reason` on the last content chunk,
 * `usage` in a final chunk with no choices (when `stream_options.include_usage` asked for it),
 * and `data: [DONE]` at the end. A stream without `[DONE]` was cut off and is refused, so a
 * truncated reply is never returned as if whole. `ctx.net.fetch` hands over the body whole, so
 * the parser is fed once; it would take the body in pieces the same way.
 */
export function parseStreamedCompletion(body: string): Completion {
  let content = '';
  let model: string | undefined;
  let finishReason: string | undefined;
  let usage: TokenUsage | undefined;
  let done = false;
  let failure: Error | undefined;

  const onChunk = (data: string) => {
    if (done) return;
    if (data === '[DONE]') {
      done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new CompletionShapeError(`a stream chunk is not JSON: ${data.slice(0, 80)}`);
    }
    const refused = providerMessage(chunk);
    if (refused !== undefined) throw new ProviderError(refused);
    if (!isObject(chunk)) throw new CompletionShapeError('a stream chunk is not an object');
    if (typeof chunk.model === 'string') model = chunk.model;
    usage = toUsage(chunk.usage) ?? usage;
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isObject(choice)) return;
    if (isObject(choice.delta) && typeof choice.delta.content === 'string') {
      content += choice.delta.content;
    }
    if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
  };

  const parser = createParser({
    onEvent: (event) => {
      if (failure !== undefined) return;
      try {
        onChunk(event.data);
      } catch (error) {
        failure = error as Error;
      }
    },
  });
  parser.feed(body);
  // Dispatches an event whose blank line never came: a body cut right after its last data line.
  parser.reset({ consume: true });
  if (failure !== undefined) throw failure;
  if (!done) throw new CompletionShapeError('the stream ended before "data: [DONE]"');
  if (model === undefined) throw new CompletionShapeError('the stream carried no chunk');
  return {
    content,
    model,
    finishReason: finishReason ?? 'unknown',
    streamed: true,
    ...(usage === undefined ? {} : { usage }),
  };
}
