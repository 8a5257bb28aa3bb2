// biome-ignore-all lint/suspicious/noTemplateCurlyInString: placeholders are the subject under test.
// biome-ignore-all lint/suspicious/noThenProperty: `{ if, then, else }` is the chain syntax; `then` is never a function, so these objects are not thenables.
import { isStackPluginError } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import {
  type ChainDefinition,
  type ContributionRef,
  type EngineInvoke,
  runChain,
} from '../../src/workflow/index.js';
import { deferred } from './_fake-clock.js';

const handlers: Record<string, (input: unknown) => unknown> = {
  'transformers:upper': (s) => String(s).toUpperCase(),
  'transformers:exclaim': (s) => `${String(s)}!`,
  'transformers:length': (s) => String(s).length,
  'transformers:meta': (s) => ({ text: s, kind: 'meta' }),
  'transformers:size': (s) => ({ size: String(s).length, kind: 'size' }),
  'validators:short': (s) => String(s).length < 5,
  'validators:report': (s) => ({ valid: String(s).startsWith('a'), issues: [] }),
  'validators:odd': () => 'yes',
  'formatters:json': (s) => JSON.stringify(s),
};

function recorder() {
  const calls: ContributionRef[] = [];
  const invoke: EngineInvoke = async (ref, input) => {
    calls.push(ref);
    const handler = handlers[`${ref.kind}:${ref.id}`];
    if (handler === undefined) throw new Error(`no ${ref.kind}:${ref.id}`);
    return handler(input);
  };
  return { calls, invoke };
}

const summary = (e: unknown) =>
  isStackPluginError(e) ? { code: e.code, message: e.message } : (e as Error).message;

describe('runChain', () => {
  it('pipes a sequence, with bare ids meaning transformers', async () => {
    const { calls, invoke } = recorder();
    const chain: ChainDefinition = { sequence: ['upper', { use: 'exclaim' }, 'formatters:json'] };
    expect(await runChain(chain, 'hi', { invoke })).toBe('"HI!"');
    expect(calls).toEqual([
      { kind: 'transformers', id: 'upper', own: false },
      { kind: 'transformers', id: 'exclaim', own: false },
      { kind: 'formatters', id: 'json', own: true },
    ]);
    expect(await runChain({ sequence: [] }, 'same', { invoke })).toBe('same');
  });

  it('runs parallel branches on the same input: array, keyed object and merge', async () => {
    const { invoke } = recorder();
    expect(await runChain({ parallel: ['upper', 'length'] }, 'abc', { invoke })).toEqual([
      'ABC',
      3,
    ]);
    expect(
      await runChain(
        { parallel: { loud: 'upper', n: { sequence: ['exclaim', 'length'] } } },
        'ab',
        {
          invoke,
        },
      ),
    ).toEqual({ loud: 'AB', n: 3 });
    expect(await runChain({ parallel: ['meta', 'size'], merge: true }, 'ab', { invoke })).toEqual({
      text: 'ab',
      size: 2,
      kind: 'size',
    });
  });

  it('runs branches concurrently and aborts the siblings of a failing branch', async () => {
    const gate = deferred();
    let sibling: AbortSignal | undefined;
    const invoke: EngineInvoke = async (ref, _input, { signal }) => {
      if (ref.id === 'slow') {
        sibling = signal;
        return gate.promise;
      }
      throw new Error('bad branch');
    };
    const error = await runChain({ parallel: ['slow', 'fails'] }, 1, { invoke }).catch((e) => e);
    expect(summary(error)).toBe('bad branch');
    expect(sibling?.aborted).toBe(true);
    expect(sibling?.reason).toBe(error);
  });

  it('chooses a branch by validator result, predicate, or passes through without else', async () => {
    const { calls, invoke } = recorder();
    const chain: ChainDefinition = {
      if: { validator: 'short' },
      then: 'upper',
      else: 'length',
    };
    expect(await runChain(chain, 'abc', { invoke })).toBe('ABC');
    expect(await runChain(chain, 'abcdefgh', { invoke })).toBe(8);
    expect(calls.slice(0, 2)).toEqual([
      { kind: 'validators', id: 'short', own: false },
      { kind: 'transformers', id: 'upper', own: false },
    ]);
    const objectResult: ChainDefinition = { if: { use: 'report' }, then: 'upper' };
    expect(await runChain(objectResult, 'abc', { invoke })).toBe('ABC');
    expect(await runChain(objectResult, 'xyz', { invoke })).toBe('xyz');
    const local: ChainDefinition = {
      if: { predicate: (v) => typeof v === 'number' },
      then: 'formatters:json',
      else: 'exclaim',
    };
    expect(await runChain(local, 5, { invoke })).toBe('5');
    expect(await runChain(local, 'x', { invoke })).toBe('x!');
  });

  it('rejects a condition whose result is not a verdict', async () => {
    const { invoke } = recorder();
    const error = await runChain({ if: { validator: 'odd' }, then: 'upper' }, 'a', {
      invoke,
    }).catch((e) => e);
    expect(summary(error)).toEqual({
      code: 'CHAIN_INVALID',
      message:
        'The chain is invalid at if (odd): the condition returned neither a boolean nor an object with a boolean "valid" or "ok".',
    });
  });

  it.each([
    [
      { sequence: ['upper', { parallel: [{ use: 1 }] }] },
      'sequence[1].parallel[0].use: must be an id',
    ],
    [
      { sequence: ['upper', { nope: true }] },
      'sequence[1]: expected one of "use", "sequence", "parallel" or "if" (keys: nope)',
    ],
    [{ if: { validator: 'x' } }, 'its root: "if" needs a "then" branch'],
    [
      { if: { validator: 'x', use: 'y' }, then: 'a' },
      'if: must have exactly one of "validator", "use" or "predicate"',
    ],
    [{ parallel: { a: 'x' }, merge: true }, 'merge: only applies to an array of branches'],
    [{ use: 'a', then: 'b' }, 'its root: unexpected key(s) then next to "use"'],
    [42, 'its root: expected a reference or an object, got number'],
  ])('checks the whole chain before running any of it (%#)', async (chain, where) => {
    const { calls, invoke } = recorder();
    const error = await runChain(chain as ChainDefinition, 'x', { invoke }).catch((e) => e);
    expect(summary(error)).toEqual({
      code: 'CHAIN_INVALID',
      message: `The chain is invalid at ${where}.`,
    });
    expect(calls).toEqual([]);
  });

  it('stops at an abort: rejects with the reason and starts nothing more', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const invoke: EngineInvoke = async (ref) => {
      calls.push(ref.id);
      controller.abort(new Error('user cancelled'));
      return 'x';
    };
    const error = await runChain({ sequence: ['a', 'b'] }, 0, {
      invoke,
      signal: controller.signal,
    }).catch((e) => e);
    expect(summary(error)).toBe('user cancelled');
    expect(calls).toEqual(['a']);
    await expect(runChain('a', 0, { invoke, signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
  });
});
