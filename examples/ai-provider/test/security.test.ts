import { fileURLToPath } from 'node:url';
import { toErrorJson } from '@stack-plugin/pdk';
import { mountPlugin, securitySuite } from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { API_KEY, COMPLETIONS, completion, ROUTE } from './_openai.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = { retryDelayMs: 0 };
const hello = [{ role: 'user', content: 'hi' }];

// Fuzzing every command and skill from its input schema, hostile payloads, timeouts,
// undeclared capability use, secret leaks (the suite hands the plugin a canary OPENAI_API_KEY
// and looks for it in outputs, logs and errors) and declared against used permissions. The
// declared-isolation check needs the plugin built into one bundle (`stack-plugin build`); in
// this workspace tests run from sources, so it is left to the plugin's own CI.
securitySuite(root, {
  isolation: false,
  config,
  net: [{ method: 'POST', url: COMPLETIONS, response: { json: completion('fuzzed') } }],
});

describe('what the plugin can reach and reveal', () => {
  it('cannot reach any host but the one its net: permission names', async () => {
    const plugin = await mountPlugin(root, {
      config,
      secrets: { OPENAI_API_KEY: API_KEY },
      failOn: { deniedRequests: false },
    });
    for (const url of ['https://api.anthropic.com/v1/messages', 'http://169.254.169.254/']) {
      await expect(plugin.asPlugin().net.fetch(url)).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
      });
    }
  });

  it('sends nothing to a baseUrl on another host: the host refuses with its own code and hint', async () => {
    const plugin = await mountPlugin(root, {
      config: { ...config, baseUrl: 'https://openrouter.ai/api/v1' },
      secrets: { OPENAI_API_KEY: API_KEY },
      failOn: { deniedRequests: false },
    });
    await expect(plugin.execute('ai.chat', { messages: hello })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      hint: 'Add "net:openrouter.ai:443" to "permissions" in stack-plugin.json if the plugin really needs it.',
    });
    expect(plugin).toHaveBeenDeniedPermission('net:openrouter.ai:443');
    expect(plugin.testHost.net.requests).toEqual([]);
  });

  it('never lets the key out, even when the provider echoes it in an error', async () => {
    const plugin = await mountPlugin(root, {
      config: { ...config, retries: 1 },
      secrets: { OPENAI_API_KEY: API_KEY },
      net: {
        [ROUTE]: (request) =>
          request.json() !== null && (request.json() as { stream?: boolean }).stream
            ? { status: 503, json: { error: { message: `overloaded for key ${API_KEY}` } } }
            : {
                status: 401,
                json: { error: { message: `Incorrect API key provided: ${API_KEY}` } },
              },
      },
    });
    const errors = await Promise.all([
      plugin.execute('ai.chat', { messages: hello }).catch((e: unknown) => e),
      plugin.execute('ai.chat', { messages: hello, stream: true }).catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      'AI_REQUEST_FAILED',
      'AI_RETRIES_EXHAUSTED',
    ]);
    const seen = JSON.stringify({
      errors: errors.map((e) => toErrorJson(e)),
      messages: errors.map((e) => String(e)),
      logs: plugin.testHost.logs,
      events: plugin.testHost.events,
      metrics: plugin.status().metrics,
    });
    expect(seen).not.toContain(API_KEY);
    expect(seen).not.toContain(API_KEY.slice(3));
  });
});
