import { describe, expect, it } from 'vitest';
import type { Off } from '../context/capability-types.js';
import {
  defineCommand,
  defineFormatter,
  defineHook,
  defineSkill,
  defineStep,
  defineTransformer,
  defineValidator,
  registerContributions,
} from './define-contribution.js';

function fakeContext(failOn?: string) {
  const log: string[] = [];
  const registry = (kind: string) => ({
    async register(id: string): Promise<Off> {
      if (id === failOn) throw new Error(`cannot register ${id}`);
      log.push(`+${kind}:${id}`);
      return async () => {
        log.push(`-${kind}:${id}`);
      };
    },
  });
  const ctx = Object.fromEntries(
    ['commands', 'steps', 'transformers', 'validators', 'formatters', 'hooks', 'skills'].map(
      (kind) => [kind, registry(kind)],
    ),
  ) as Parameters<typeof registerContributions>[0];
  return { ctx, log };
}

describe('define* contribution helpers', () => {
  it('return the id, the kind and the handler unchanged', () => {
    const handler = () => 1;
    expect(defineCommand('a', handler)).toEqual({ kind: 'commands', id: 'a', handler });
    expect(
      [
        defineStep,
        defineTransformer,
        defineValidator,
        defineFormatter,
        defineHook,
        defineSkill,
      ].map((define) => define('x', handler).kind),
    ).toEqual(['steps', 'transformers', 'validators', 'formatters', 'hooks', 'skills']);
  });
});

describe('registerContributions', () => {
  it('registers in order and its off unregisters in reverse order', async () => {
    const { ctx, log } = fakeContext();
    const off = await registerContributions(ctx, [
      defineCommand('a', () => 1),
      defineStep('b', () => 2),
    ]);
    expect(log).toEqual(['+commands:a', '+steps:b']);
    await off();
    await off();
    expect(log).toEqual(['+commands:a', '+steps:b', '-steps:b', '-commands:a']);
  });

  it('undoes earlier registrations when one fails, and rethrows', async () => {
    const { ctx, log } = fakeContext('c');
    await expect(
      registerContributions(ctx, [
        defineCommand('a', () => 1),
        defineHook('b', () => 2),
        defineCommand('c', () => 3),
      ]),
    ).rejects.toThrow('cannot register c');
    expect(log).toEqual(['+commands:a', '+hooks:b', '-hooks:b', '-commands:a']);
  });
});
