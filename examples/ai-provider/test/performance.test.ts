import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';
import { COMPLETIONS, completion } from './_openai.js';

// Load, activation and per-call latency of the chat command and the summarize skill through
// the host, with the API answered in memory: what the plugin adds around a provider's latency
// (JSON or stream parsing, metrics, the host's checks). Fails when a call errors.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), {
  iterations: 50,
  config: { retryDelayMs: 0 },
  secrets: { OPENAI_API_KEY: 'sk-perf' },
  inputs: {
    'ai.chat': { messages: [{ role: 'user', content: 'Say hello.' }] },
    summarize: { text: 'A long thread about the release, its owners and its risks.', maxWords: 40 },
  },
  net: [{ method: 'POST', url: COMPLETIONS, response: { json: completion('Hello!') } }],
});
