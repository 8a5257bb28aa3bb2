import { defineErrors } from '@stack-plugin/pdk';

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

/**
 * The plugin's error codes: what a caller (a host, `stack-plugin run`, an agent through
 * `stack-plugin mcp`) sees with a `hint`. The provider's own message travels in `detail`.
 */
export const aiErrors = defineErrors({
  AI_KEY_MISSING: {
    title: 'API key not set',
    message: (a: { secret: string }) =>
      `The ${a.secret} secret is not set, so no request was sent to the chat completions API.`,
    hint: (a) =>
      `Set the host's STACK_SECRET_${a.secret} environment variable (or ${a.secret} in its secrets file) to the provider's API key.`,
  },
  AI_RATE_LIMITED: {
    title: 'Rate limited for longer than allowed',
    message: (a: { url: string; status: number; retryAfterMs: number; maxRetryWaitMs: number }) =>
      `${a.url} answered ${a.status} and asks to wait ${seconds(a.retryAfterMs)}, longer than maxRetryWaitMs (${a.maxRetryWaitMs} ms) allows.`,
    hint: 'Try again later, raise maxRetryWaitMs in the plugin config (calls end after limits.timeoutMs), or ask the provider for a higher rate limit.',
  },
  AI_REQUEST_FAILED: {
    title: 'Chat completion refused',
    message: (a: { url: string; status: number; detail: string }) =>
      `${a.url} refused the request with ${a.status}${a.detail === '' ? '' : `: ${a.detail}`}.`,
    hint: (a) =>
      a.status === 401 || a.status === 403
        ? 'Check the API key in the secret store: it is missing, revoked or belongs to another provider.'
        : 'Check the model name in the plugin config and the request; the provider says what it refused.',
  },
  AI_RESPONSE_INVALID: {
    title: 'Not a chat completion',
    message: (a: { url: string; detail: string }) =>
      `${a.url} answered with something that is not a chat completion: ${a.detail}.`,
    hint: 'Check that baseUrl points at an OpenAI-compatible API (its /v1 root, for instance), not a web page or a proxy error.',
  },
  AI_RETRIES_EXHAUSTED: {
    title: 'Provider kept failing',
    message: (a: { url: string; status: number; attempts: number; detail: string }) =>
      `${a.url} answered ${a.status} to each of ${a.attempts} attempts${a.detail === '' ? '' : ` (last: ${a.detail})`}.`,
    hint: "The provider is overloaded or failing: try again later, raise retries in the plugin config, or check the provider's status page.",
  },
  AI_UNREACHABLE: {
    title: 'Provider unreachable',
    message: (a: { url: string; attempts: number; detail: string }) =>
      `${a.url} could not be reached in ${a.attempts} attempts: ${a.detail}.`,
    hint: 'Check baseUrl in the plugin config and the network between the host and the provider.',
  },
});
