/** One message of a conversation. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Tokens one request used, as the API reported them. */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** A model's answer, whether it came whole or streamed. */
export interface Completion {
  readonly content: string;
  readonly model: string;
  readonly finishReason: string;
  readonly streamed: boolean;
  /** Absent when a streamed answer carried no usage chunk. */
  readonly usage?: TokenUsage;
}

/** A response that is not what the chat completions API answers; the text says what is off. */
export class CompletionShapeError extends Error {
  override readonly name = 'CompletionShapeError';
}

/** An error object the API sent in place of a completion (`{ "error": { "message" } }`). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
}

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** `usage` of a response or chunk, when it holds the three counts. */
export function toUsage(value: unknown): TokenUsage | undefined {
  if (!isObject(value)) return undefined;
  const { prompt_tokens, completion_tokens, total_tokens } = value;
  if (!isCount(prompt_tokens) || !isCount(completion_tokens) || !isCount(total_tokens)) {
    return undefined;
  }
  return {
    promptTokens: prompt_tokens,
    completionTokens: completion_tokens,
    totalTokens: total_tokens,
  };
}

/** The provider's message of an `{ "error": ... }` body, or undefined when there is none. */
export function providerMessage(value: unknown): string | undefined {
  if (!isObject(value) || value.error === undefined || value.error === null) return undefined;
  const { error } = value;
  if (typeof error === 'string') return error;
  return isObject(error) && typeof error.message === 'string' ? error.message : 'unknown error';
}

/** Reads a whole (non-streamed) chat completion body. */
export function parseCompletion(body: string): Completion {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new CompletionShapeError('the body is not JSON');
  }
  const refused = providerMessage(value);
  if (refused !== undefined) throw new ProviderError(refused);
  if (!isObject(value) || !Array.isArray(value.choices)) {
    throw new CompletionShapeError('it has no "choices"');
  }
  const choice: unknown = value.choices[0];
  const message = isObject(choice) ? choice.message : undefined;
  if (!isObject(choice) || !isObject(message)) {
    throw new CompletionShapeError('its first choice has no "message"');
  }
  const usage = toUsage(value.usage);
  return {
    // A reply that is only tool calls or a refusal has null content.
    content: typeof message.content === 'string' ? message.content : '',
    model: typeof value.model === 'string' ? value.model : 'unknown',
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'unknown',
    streamed: false,
    ...(usage === undefined ? {} : { usage }),
  };
}
