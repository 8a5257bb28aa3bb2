import { fileURLToPath } from 'node:url';
import { mountPlugin } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';

/** The plugin folder: the harness reads its manifest and runs src/index.ts, no build needed. */
const root = fileURLToPath(new URL('..', import.meta.url));
const item = { id: '42', title: 'Write the docs', status: 'open' };

describe('the items commands, in the real host with an in-memory network', () => {
  it('gets an item, sending the token from the secret store', async () => {
    const authorizations: Array<string | undefined> = [];
    const plugin = await mountPlugin(root, {
      secrets: { EXAMPLE_API_TOKEN: 'test-token' },
      net: {
        'GET https://api.example.com/v1/items/42': (request) => {
          authorizations.push(request.headers.authorization);
          return { json: item };
        },
      },
    });
    // toRespondWith, toHaveRequested, ... come from vitest.config.ts setupFiles; the command
    // id and input are typed from stack-plugin-env.d.ts.
    await expect(plugin).toRespondWith('items.get', { id: '42' }, item);
    expect(plugin).toHaveRequested('GET', 'https://api.example.com/v1/items/42');
    expect(authorizations).toEqual(['Bearer test-token']);
  });

  it('retries while the API answers 503, then returns its answer', async () => {
    let calls = 0;
    const plugin = await mountPlugin(root, {
      config: { retryDelayMs: 0 },
      secrets: { EXAMPLE_API_TOKEN: 'test-token' },
      net: {
        'GET https://api.example.com/v1/items?status=open': () =>
          ++calls < 3 ? { status: 503, body: 'busy' } : { json: [item] },
      },
    });
    await expect(plugin).toRespondWith('items.list', { status: 'open' }, { items: [item] });
    expect(calls).toBe(3);
    expect(plugin).toHaveLogged('info', 'listed items');
  });

  it('says which secret is missing and which variable sets it', async () => {
    const plugin = await mountPlugin(root);
    await expect(plugin.execute('items.get', { id: '42' })).rejects.toThrow(
      /EXAMPLE_API_TOKEN secret is not set: set the STACK_SECRET_EXAMPLE_API_TOKEN environment variable/,
    );
  });

  it('refuses input that does not match the command schema', async () => {
    const plugin = await mountPlugin(root, { secrets: { EXAMPLE_API_TOKEN: 'test-token' } });
    await expect(plugin.execute('items.get', { id: 42 })).toRejectWithCode('VALIDATION_FAILED');
  });

  it('cannot reach a host stack-plugin.json does not grant', async () => {
    const plugin = await mountPlugin(root, { failOn: { deniedRequests: false } });
    await expect(plugin.asPlugin().net.fetch('https://evil.example.net/steal')).toRejectWithCode(
      'PERMISSION_DENIED',
    );
    expect(plugin).toHaveBeenDeniedPermission('net:evil.example.net');
  });
});
