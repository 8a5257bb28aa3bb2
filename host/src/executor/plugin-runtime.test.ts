import { type CallContext, CONTEXT_LAYOUT, type ContextEntry } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { HandlerCall, LazySignal, PluginRuntime } from './plugin-runtime.js';

// A capability whose methods take their target first (an `optional-name` permission) and
// offer a unit of work, laid out as the pdk derives it from a descriptor.
const entry = (method: string, exposure: ContextEntry['exposure'], arity: number) => ({
  path: ['store'],
  capability: 'store',
  method,
  exposure,
  arity,
  select: 'use',
});
const LAYOUT: readonly ContextEntry[] = [
  entry('read', 'call', 4),
  { ...entry('unit', 'transaction', 1), ends: { commit: 'commit', rollback: 'rollback' } },
  entry('commit', 'internal', 2),
  entry('rollback', 'internal', 2),
];

function runtime() {
  const calls: unknown[][] = [];
  const rt = new PluginRuntime(
    { activate() {} },
    {
      plugin: { name: 'p', version: '1.0.0' },
      config: {},
      layout: LAYOUT,
      send: async (capability, method, args) => {
        calls.push([capability, method, ...args]);
        return method === 'unit' ? 'u1' : 'ok';
      },
    },
  );
  return { ctx: rt.context as unknown as { store: Store }, calls };
}

interface Scope {
  read(key: string, options?: unknown): Promise<unknown>;
}
interface Store extends Scope {
  unit<T>(fn: (scope: Scope) => Promise<T>): Promise<T>;
  use(name: string): Store;
  commit?: unknown;
}

describe('PluginRuntime: targets sent first, units of work', () => {
  it('sends the default target, or the selected one, before the arguments', async () => {
    const { ctx, calls } = runtime();
    await ctx.store.read('k');
    await ctx.store.use('reports').read('k', { a: 1 });
    expect(calls).toEqual([
      ['store', 'read', '', 'k'],
      ['store', 'read', 'reports', 'k', { a: 1 }],
    ]);
    expect(ctx.store.commit).toBeUndefined();
    expect(() => ctx.store.use('')).toThrow(TypeError);
  });

  it('runs fn in a unit of work: its calls carry the id last, then commit', async () => {
    const { ctx, calls } = runtime();
    const result = await ctx.store.use('reports').unit(async (scope) => {
      await scope.read('k');
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toEqual([
      ['store', 'unit', 'reports'],
      ['store', 'read', 'reports', 'k', undefined, 'u1'],
      ['store', 'commit', 'reports', 'u1'],
    ]);
  });

  it('rolls back and rethrows the plugin error when fn throws', async () => {
    const { ctx, calls } = runtime();
    const failure = new Error('boom');
    await expect(
      ctx.store.unit(async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(calls).toEqual([
      ['store', 'unit', ''],
      ['store', 'rollback', '', 'u1'],
    ]);
  });
});

describe('PluginRuntime: handlers', () => {
  it('runs the handler registered now, after one was removed and another took its id', async () => {
    const { rt, commands } = commandRuntime();
    const call = new HandlerCall('test', new LazySignal());
    const offFirst = await commands.register('greet', () => 'first');
    expect(rt.invoke('commands', 'greet', undefined, call)).toBe('first');
    await offFirst();
    expect(() => rt.invoke('commands', 'greet', undefined, call)).toThrow(
      'no handler registered for commands "greet"',
    );
    await commands.register('greet', () => 'second');
    expect(rt.invoke('commands', 'greet', undefined, call)).toBe('second');
  });

  it('hands the handler its call, whose signal is made when read and aborts with its source', async () => {
    const { rt, commands } = commandRuntime();
    let seen: CallContext | undefined;
    await commands.register('look', (_input, call) => {
      seen = call;
      return call.caller;
    });
    const source = new LazySignal();
    expect(rt.invoke('commands', 'look', undefined, new HandlerCall('host', source))).toBe('host');
    source.abort(new Error('cancelled'));
    // Read for the first time after the abort: already aborted, with its reason.
    expect(seen?.signal.aborted).toBe(true);
    expect(seen?.signal.reason).toEqual(new Error('cancelled'));
    // The source is not reachable from the call: only the caller and the signal are.
    expect(Object.keys(seen as object)).toEqual(['caller']);
  });
});

/** A runtime with the pdk's own layout, whose registrations the host accepts. */
function commandRuntime() {
  const rt = new PluginRuntime(
    { activate() {} },
    {
      plugin: { name: 'p', version: '1.0.0' },
      config: {},
      layout: CONTEXT_LAYOUT,
      send: async () => undefined,
    },
  );
  return { rt, commands: (rt.context as unknown as { commands: CommandRegistry }).commands };
}

interface CommandRegistry {
  register(
    id: string,
    handler: (input: unknown, call: CallContext) => unknown,
  ): Promise<() => Promise<void>>;
}
