import { fileURLToPath } from 'node:url';
import { performanceSuite } from '@stack-plugin/test-harness';

const item = { id: '1', title: 'An item', status: 'open' };

// Measures load, activation and per-call latency of every command through the host (with the
// Example API answered in memory), and fails when a command errors. Add budgets to fail on
// slowness too, e.g. `budgets: { coldLoadMs: 200, p99Ms: 5, overheadMs: 1 }`, and
// `reportFile` to keep the JSON report as a CI artifact.
performanceSuite(fileURLToPath(new URL('..', import.meta.url)), {
  iterations: 50,
  config: { retryDelayMs: 0 },
  secrets: { EXAMPLE_API_TOKEN: 'test-token' },
  net: [
    { method: 'GET', url: 'https://api.example.com/v1/items/*', response: { json: item } },
    { method: 'GET', url: 'https://api.example.com/v1/items', response: { json: [item] } },
  ],
});
