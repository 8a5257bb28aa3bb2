import { describe, expect, it } from 'vitest';
import { streamBody } from '../test/_openai.js';
import { CompletionShapeError, ProviderError } from './completion.js';
import { parseStreamedCompletion } from './parse-stream.js';

describe('parseStreamedCompletion', () => {
  it('joins the deltas and takes finish_reason and usage from the later chunks', () => {
    expect(
      parseStreamedCompletion(streamBody(['A', 'b', 'c'], { prompt: 3, completion: 2 })),
    ).toEqual({
      content: 'Abc',
      model: 'gpt-4o-mini-2024-07-18',
      finishReason: 'stop',
      streamed: true,
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
    });
  });

  it('reads CRLF line ends, comments, event names and data split over lines as SSE defines', () => {
    const body = [
      ': keep-alive',
      'event: message',
      'data: {"model":"m","choices":[{"index":0,"delta":{"content":"x"},',
      'data: "finish_reason":"length"}]}',
      '',
      'data: [DONE]',
      '',
      '',
    ].join('\r\n');
    // Two data lines join with a newline, which JSON reads as white space.
    expect(parseStreamedCompletion(body)).toEqual({
      content: 'x',
      model: 'm',
      finishReason: 'length',
      streamed: true,
    });
  });

  it('ignores anything after data: [DONE]', () => {
    const body = `${streamBody(['ok'])}data: {"model":"other","choices":[{"delta":{"content":"!"}}]}\n\n`;
    expect(parseStreamedCompletion(body)).toMatchObject({
      content: 'ok',
      model: 'gpt-4o-mini-2024-07-18',
    });
  });

  it('refuses a stream without data: [DONE], a chunk that is not JSON, or no chunk at all', () => {
    const whole = streamBody(['cut']);
    expect(() => parseStreamedCompletion(whole.replace('data: [DONE]\n\n', ''))).toThrow(
      new CompletionShapeError('the stream ended before "data: [DONE]"'),
    );
    expect(() => parseStreamedCompletion('data: {oops\n\ndata: [DONE]\n\n')).toThrow(
      new CompletionShapeError('a stream chunk is not JSON: {oops'),
    );
    expect(() => parseStreamedCompletion('data: [DONE]\n\n')).toThrow(
      new CompletionShapeError('the stream carried no chunk'),
    );
    expect(() => parseStreamedCompletion('<html>Bad gateway</html>')).toThrow(CompletionShapeError);
  });

  it('turns an error event of the provider into a ProviderError', () => {
    const body = `${streamBody(['par']).split('data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini-2024-07-18","choices":[]')[0]}data: {"error":{"message":"Server overloaded mid-stream"}}\n\n`;
    expect(() => parseStreamedCompletion(body)).toThrow(
      new ProviderError('Server overloaded mid-stream'),
    );
  });
});
