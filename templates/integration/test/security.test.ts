import { fileURLToPath } from 'node:url';
import { securitySuite } from '@stack-plugin/test-harness';

const item = { id: '1', title: 'An item', status: 'open' };

// One test per check: activation, fuzzing every command from its input schema, hostile
// payloads, timeouts, undeclared capability use, secret leaks (the suite hands the plugin a
// canary EXAMPLE_API_TOKEN and looks for it in outputs, logs and errors), declared isolation,
// and the permissions declared against those used. The routes stand in for the Example API.
securitySuite(fileURLToPath(new URL('..', import.meta.url)), {
  config: { retryDelayMs: 0 },
  net: [
    { method: 'GET', url: 'https://api.example.com/v1/items/*', response: { json: item } },
    { method: 'GET', url: 'https://api.example.com/v1/items', response: { json: [item] } },
  ],
});
