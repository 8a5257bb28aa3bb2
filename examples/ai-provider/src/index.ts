import { createError, definePlugin, type MetricLabels } from '@stack-plugin/pdk';
import { aiErrors } from './ai-errors.js';
import { type ChatRequest, type ChatResult, createChatClient } from './chat-client.js';
import type { TokenUsage } from './completion.js';
import { summarizeRequest, toSummary } from './summarize.js';

/** The secret holding the provider's API key; `secret:OPENAI_API_KEY` grants it. */
export const API_KEY_SECRET = 'OPENAI_API_KEY';

/**
 * Chat completion against an OpenAI-compatible API (`config.baseUrl`, api.openai.com by
 * default): the `ai.chat` command, whole or streamed, and the `summarize` skill for agents.
 * Reaches only the host its `net:` permission names and reads only the OPENAI_API_KEY secret;
 * token usage is counted through `ctx.metrics`, labelled by the configured model.
 */
export default definePlugin({
  async activate(ctx) {
    const { baseUrl, model } = ctx.config;
    // The configured model, not the one the API names in its answer: labels stay a set the
    // host's owner chose, so series cannot grow with what a provider or a caller sends.
    const labels: MetricLabels = { model };

    const record = async (name: string, by: number, extra: MetricLabels = {}) => {
      try {
        await ctx.metrics.count(name, by, { ...labels, ...extra });
      } catch (error) {
        // The answer is paid for already; a full metrics budget must not throw it away.
        ctx.log.warn('could not record a metric', { name, error: (error as Error).message });
      }
    };
    const recordUsage = async (usage: TokenUsage | undefined) => {
      if (usage === undefined) return;
      await record('ai_prompt_tokens_total', usage.promptTokens);
      await record('ai_completion_tokens_total', usage.completionTokens);
      await record('ai_tokens_total', usage.totalTokens);
    };

    const complete = async (request: ChatRequest): Promise<ChatResult> => {
      const apiKey = await ctx.secrets.get(API_KEY_SECRET);
      if (apiKey === undefined || apiKey === '') {
        throw createError(
          aiErrors.AI_KEY_MISSING,
          { secret: API_KEY_SECRET },
          { plugin: ctx.plugin.name },
        );
      }
      const client = createChatClient({
        plugin: ctx.plugin.name,
        fetch: (url, init) => ctx.net.fetch(url, init),
        apiKey,
        baseUrl,
        model,
        retries: ctx.config.retries,
        retryDelayMs: ctx.config.retryDelayMs,
        maxRetryWaitMs: ctx.config.maxRetryWaitMs,
      });
      let result: ChatResult;
      try {
        result = await client.complete(request);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        await record('ai_errors_total', 1, { code: typeof code === 'string' ? code : 'UNKNOWN' });
        throw error;
      }
      await record('ai_completions_total', 1, { streamed: String(result.streamed) });
      await recordUsage(result.usage);
      ctx.log.info('chat completion', {
        model: result.model,
        streamed: result.streamed,
        attempts: result.attempts,
        ...(result.usage === undefined ? {} : { totalTokens: result.usage.totalTokens }),
      });
      return result;
    };

    await ctx.commands.register('ai.chat', async (input) => {
      const { attempts: _attempts, ...completion } = await complete({
        messages: input.messages,
        ...(input.stream === undefined ? {} : { stream: input.stream }),
        ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
        ...(input.maxTokens === undefined ? {} : { maxTokens: input.maxTokens }),
      });
      return completion;
    });

    await ctx.skills.register('summarize', async (input) => {
      const result = await complete(summarizeRequest(input));
      return {
        summary: toSummary(result.content),
        model: result.model,
        ...(result.usage === undefined ? {} : { usage: result.usage }),
      };
    });
  },
});
