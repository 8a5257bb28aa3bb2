import {
  createError,
  isStackPluginError,
  type NetRequest,
  type NetResponse,
  requestWithRetries,
  toClause,
} from '@stack-plugin/pdk';
import { aiErrors } from './ai-errors.js';
import {
  type ChatMessage,
  type Completion,
  CompletionShapeError,
  ProviderError,
  parseCompletion,
  providerMessage,
} from './completion.js';
import { parseStreamedCompletion } from './parse-stream.js';

/** What one chat completion asks for. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly stream?: boolean;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

/** What the client needs from `ctx` and the plugin config. */
export interface ChatClientOptions {
  /** The plugin's name: its errors name it, so the host passes them on as they are. */
  plugin: string;
  fetch(url: string, request?: NetRequest): Promise<NetResponse>;
  apiKey: string;
  baseUrl: string;
  model: string;
  retries: number;
  retryDelayMs: number;
  maxRetryWaitMs: number;
  /** Waits between attempts; replaceable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** The time an HTTP-date Retry-After is measured from. */
  now?: () => number;
}

/** A completion with how many attempts it took. */
export interface ChatResult extends Completion {
  readonly attempts: number;
}

/** Codes of a network that failed, rather than a host that refused. */
const NETWORK_FAILURES = new Set(['NET_FAILED', 'NET_TIMEOUT', 'CAPABILITY_TIMEOUT']);

/** The provider's message in an error body, as a clause; empty when it sent none. */
const detailOf = (body: string): string => {
  try {
    return toClause(providerMessage(JSON.parse(body)) ?? '');
  } catch {
    return '';
  }
};

/**
 * A client of one OpenAI-compatible chat completions endpoint (`POST {baseUrl}/chat/completions`)
 * with a bearer key. Retries network errors, 429 and 5xx through pdk's `requestWithRetries`
 * (Retry-After honoured up to `maxRetryWaitMs`, exponential backoff otherwise); every failure
 * is one of the plugin's coded errors, with the provider's message when it sent one.
 */
export function createChatClient(options: ChatClientOptions) {
  const { plugin } = options;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;

  async function complete(request: ChatRequest): Promise<ChatResult> {
    const stream = request.stream === true;
    const body = JSON.stringify({
      model: options.model,
      messages: request.messages,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    const result = await requestWithRetries(
      () =>
        options.fetch(url, {
          method: 'POST',
          headers: {
            accept: stream ? 'text/event-stream' : 'application/json',
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
          },
          body,
        }),
      {
        retries: options.retries,
        delayMs: options.retryDelayMs,
        maxRetryAfterMs: options.maxRetryWaitMs,
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
        ...(options.now === undefined ? {} : { now: options.now }),
      },
    );
    switch (result.stop) {
      case 'failed':
        // A refusal of the host (PERMISSION_DENIED for a host not granted, ...) keeps its own
        // code and hint; what the network did is wrapped.
        if (isStackPluginError(result.error) && !NETWORK_FAILURES.has(result.error.code)) {
          throw result.error;
        }
        throw createError(
          aiErrors.AI_UNREACHABLE,
          { url, attempts: result.attempts, detail: toClause(result.error) },
          { plugin, cause: result.error },
        );
      case 'retry-after-too-long':
        throw createError(
          aiErrors.AI_RATE_LIMITED,
          {
            url,
            status: result.response.status,
            retryAfterMs: result.retryAfterMs,
            maxRetryWaitMs: options.maxRetryWaitMs,
          },
          { plugin },
        );
      case 'exhausted':
        throw createError(
          aiErrors.AI_RETRIES_EXHAUSTED,
          {
            url,
            status: result.response.status,
            attempts: result.attempts,
            detail: detailOf(result.response.body),
          },
          { plugin },
        );
      case 'answered':
        break;
    }
    const { response } = result;
    if (!response.ok) {
      throw createError(
        aiErrors.AI_REQUEST_FAILED,
        {
          url,
          status: response.status,
          detail: detailOf(response.body),
        },
        { plugin },
      );
    }
    // A provider may ignore `stream` and answer whole; the content type says which it did.
    const streamed = (response.headers['content-type'] ?? '').includes('text/event-stream');
    try {
      const completion = streamed
        ? parseStreamedCompletion(response.body)
        : parseCompletion(response.body);
      return { ...completion, attempts: result.attempts };
    } catch (error) {
      if (error instanceof ProviderError) {
        throw createError(
          aiErrors.AI_REQUEST_FAILED,
          {
            url,
            status: response.status,
            detail: toClause(error),
          },
          { plugin },
        );
      }
      if (error instanceof CompletionShapeError) {
        throw createError(
          aiErrors.AI_RESPONSE_INVALID,
          { url, detail: toClause(error) },
          { plugin },
        );
      }
      throw error;
    }
  }

  return { url, complete };
}
