// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are config and workflow templates, not JS ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { fixture, testServices } from './_support.js';

let host: Host;
beforeEach(async () => {
  host = createHost({
    root: fixture('.'),
    config: {
      plugins: [{ path: 'micro' }],
      workflows: [
        {
          id: 'configured',
          steps: [{ id: 'c', uses: 'steps:count', with: { text: '${env.GREETING}' } }],
        },
      ],
    },
    services: testServices(),
    env: { GREETING: 'hello' },
  });
  await host.start();
});
afterEach(() => host.stop());

describe('micro-plugins, chains and workflows', () => {
  it('invokes micro-plugins with their manifest schemas', async () => {
    expect(await host.invoke('transformers', 'upper', 'abc')).toBe('ABC');
    expect(await host.invoke('validators', 'short', 'abc')).toBe(true);
    await expect(host.invoke('transformers', 'upper', 42)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message:
        'The input of transformer "upper" of "micro" does not match its schema: (root) must be string.',
    });
    await expect(host.invoke('formatters', 'nope', 1)).rejects.toMatchObject({
      code: 'CONTRIBUTION_NOT_FOUND',
      message: 'No formatter "nope" is registered by an active plugin.',
    });
  });

  it('runs chains in sequence, in parallel and conditionally', async () => {
    expect(await host.runChain({ sequence: ['upper', 'exclaim'] }, 'hi')).toBe('HI!');
    expect(await host.runChain({ parallel: { loud: 'upper', excited: 'exclaim' } }, 'hi')).toEqual({
      loud: 'HI',
      excited: 'hi!',
    });
    const conditional = {
      if: { use: 'validators:short' },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the chain's branch, never awaited.
      then: 'upper',
      else: 'exclaim',
    } as const;
    expect(await host.runChain(conditional, 'hi')).toBe('HI');
    expect(await host.runChain(conditional, 'long text')).toBe('long text!');
  });

  it('runs a contributed workflow, passing step outputs on', async () => {
    const result = await host.runWorkflow('count-and-double', { text: 'four' });
    expect(result.status).toBe('succeeded');
    expect(result.steps.b?.output).toEqual({ doubled: 8 });
  });

  it('lets host-configured workflows read the environment, but not contributed ones', async () => {
    const trusted = await host.runWorkflow('configured');
    expect(trusted.steps.c?.output).toEqual({ count: 5 });
    const inline = await host.runWorkflow({
      id: 'inline',
      steps: [{ id: 'c', uses: 'steps:count', with: { text: 'abc' } }],
    });
    expect(inline.steps.c?.output).toEqual({ count: 3 });
    const leaky = await host.runWorkflow('leaky');
    expect(leaky.status).toBe('failed');
    expect(leaky.steps.c?.status).toBe('failed');
    expect((leaky.steps.c?.error?.cause as { code?: string } | undefined)?.code).toBe(
      'TEMPLATE_UNRESOLVED',
    );
  });
});
