import { describe, expect, it } from 'vitest';
import { completion } from '../test/_openai.js';
import {
  CompletionShapeError,
  ProviderError,
  parseCompletion,
  providerMessage,
  toUsage,
} from './completion.js';

describe('parseCompletion', () => {
  it('reads the first choice, the model and the usage', () => {
    expect(parseCompletion(JSON.stringify(completion('Hi', { prompt: 4, completion: 1 })))).toEqual(
      {
        content: 'Hi',
        model: 'gpt-4o-mini-2024-07-18',
        finishReason: 'stop',
        streamed: false,
        usage: { promptTokens: 4, completionTokens: 1, totalTokens: 5 },
      },
    );
  });

  it('reads null content (tool calls, refusals) as empty and leaves out missing usage', () => {
    const body = {
      model: 'm',
      choices: [{ message: { content: null }, finish_reason: 'tool_calls' }],
    };
    expect(parseCompletion(JSON.stringify(body))).toEqual({
      content: '',
      model: 'm',
      finishReason: 'tool_calls',
      streamed: false,
    });
  });

  it('refuses what is not a completion and passes on error bodies', () => {
    expect(() => parseCompletion('<html>')).toThrow(
      new CompletionShapeError('the body is not JSON'),
    );
    expect(() => parseCompletion('{"data":[]}')).toThrow(
      new CompletionShapeError('it has no "choices"'),
    );
    expect(() => parseCompletion('{"choices":[{"text":"legacy"}]}')).toThrow(
      new CompletionShapeError('its first choice has no "message"'),
    );
    expect(() => parseCompletion('{"error":{"message":"model not found"}}')).toThrow(
      new ProviderError('model not found'),
    );
  });
});

describe('toUsage and providerMessage', () => {
  it('takes usage only when all three counts are whole, non-negative numbers', () => {
    expect(toUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })).toEqual({
      promptTokens: 1,
      completionTokens: 2,
      totalTokens: 3,
    });
    expect(toUsage({ prompt_tokens: 1, completion_tokens: -2, total_tokens: 3 })).toBeUndefined();
    expect(toUsage({ prompt_tokens: 1, completion_tokens: 2 })).toBeUndefined();
    expect(toUsage(null)).toBeUndefined();
  });

  it('reads the error shapes compatible providers send', () => {
    expect(providerMessage({ error: { message: 'quota' } })).toBe('quota');
    expect(providerMessage({ error: 'plain text' })).toBe('plain text');
    expect(providerMessage({ error: { code: 500 } })).toBe('unknown error');
    expect(providerMessage({ error: null })).toBeUndefined();
    expect(providerMessage({ choices: [] })).toBeUndefined();
  });
});
