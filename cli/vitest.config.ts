import { configDefaults } from 'vitest/config';
import { defineStackProject } from '../vitest.shared.ts';

export default defineStackProject('cli', {
  // eventsource-parser (under the MCP SDK's HTTP client) publishes a `source` condition
  // pointing at its TypeScript, which Node refuses to load from node_modules: vitest
  // transforms it, and the SDK that imports it, instead of handing them to Node.
  test: {
    // Old template sets kept as fixtures carry their own tests, which run inside projects.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    server: { deps: { inline: ['@modelcontextprotocol/sdk', 'eventsource-parser'] } },
  },
});
