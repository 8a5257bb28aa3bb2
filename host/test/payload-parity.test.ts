import { describe, expect, it } from 'vitest';
import { onePluginPerTest } from './_support.js';

// What a plugin hands the host is judged alike at every isolation level: the same answer, the
// same error code and message, the same events heard. A sandbox checks with the host's own
// payload rule before posting, so a value that is not plain data neither fails a structured
// clone nor crosses as something else.

const LEVELS = ['none', 'limited', 'strict'] as const;

/** Runs `command` of the plugin at every level; returns each level's answer and events heard. */
async function atEveryLevel(
  plugin: ReturnType<typeof onePluginPerTest>,
  command: string,
  pattern: string,
): Promise<Record<string, { answer: unknown; heard: unknown[] }>> {
  const seen: Record<string, { answer: unknown; heard: unknown[] }> = {};
  for (const level of LEVELS) {
    const host = await plugin.start(level);
    const heard: unknown[] = [];
    host.events.on(pattern, (event) => {
      heard.push([event.topic, event.payload]);
    });
    const answer = await host.execute(command, {}).then(
      (value) => ({ value }),
      (error: { code?: string; message?: string; hint?: string }) => ({
        code: error.code,
        message: error.message,
        hint: error.hint,
      }),
    );
    seen[level] = { answer, heard };
    await host.stop();
  }
  return seen;
}

// A plugin's emit at `none` takes the broker's lane only with at most two arguments; one with
// more goes as a call object, as from a sandbox. Every level answers every arity alike.
const arity = onePluginPerTest('arity', {
  manifest: {
    permissions: ['events:emit:arity.*', 'state'],
    contributes: { commands: [{ id: 'arity.fire' }] },
  },
  code: `export default { async activate(ctx) {
    await ctx.commands.register('arity.fire', async () => {
      const calls = [
        () => ctx.events.emit('arity.one'),
        () => ctx.events.emit('arity.two', 2),
        () => ctx.events.emit('arity.two', undefined),
        () => ctx.events.emit('arity.three', 3, 'extra'),
        () => ctx.events.emit('arity.three', 3, undefined),
        () => ctx.events.emit('arity.three', 3, () => 3),
        () => ctx.events.emit('arity.two', new (class Point { x = 1; })()),
        () => ctx.events.emit('arity.two', { nested: [Symbol('s')] }),
        () => ctx.events.emit('other.topic', 1, 2),
        // Plain data behind a Proxy (as reactive stores hand out): read as the data it reads as.
        () => ctx.events.emit('arity.two', new Proxy({ a: 1 }, {})),
        () => ctx.events.emit('arity.two', [new Proxy([1, { b: 2 }], {})]),
        () => ctx.events.emit('arity.two', new Proxy({ run() {} }, {})),
        // Objects posing as a Date or a buffer: a clone refuses them or makes them {}.
        () => ctx.events.emit('arity.two', { at: Object.create(Date.prototype) }),
        () => ctx.events.emit('arity.two', [new Proxy(new ArrayBuffer(2), {})]),
        () => ctx.events.emit('arity.two', { at: new Date(0), bytes: new ArrayBuffer(2) }),
        () => ctx.events.emit(),
        // Another capability's arguments, by the same rule.
        () => ctx.state.set('k', new Map([[1, 2]])),
        () => ctx.state.set('k', { run() {} }),
        () => ctx.state.set('k', { when: new Date(0), bytes: new Uint8Array([1]) }),
        () => ctx.state.get('k').then((v) => [v.when instanceof Date, v.bytes instanceof Uint8Array]),
        () => ctx.state.set('p', new Proxy({ a: { b: [1] } }, {})),
        () => ctx.state.get('p'),
      ];
      const out = [];
      for (const call of calls) {
        out.push(await call().then(
          (value) => ({ value }),
          (error) => ({ code: error.code, message: error.message, hint: error.hint }),
        ));
      }
      return out;
    });
  } };`,
});

describe('calls of any number of arguments and any payload', () => {
  it('gets the same answer at every isolation level', async () => {
    const seen = await atEveryLevel(arity, 'arity.fire', 'arity.*');
    expect(seen.limited).toEqual(seen.none);
    expect(seen.strict).toEqual(seen.none);
    // The table reaches a published emit and a refused one.
    const answer = seen.none?.answer as { value: Array<{ code?: string }> };
    const codes = answer.value.map((a) => a.code);
    expect(codes).toContain(undefined);
    expect(codes.some((c) => c !== undefined)).toBe(true);
  }, 60_000);
});

// A command's output that is not plain data: at `none` the host's invoker refuses it; from a
// sandbox the value cannot cross as itself, and the host refuses the sandbox's fault alike.
const outputs = onePluginPerTest('outputs', {
  manifest: {
    contributes: {
      commands: [
        { id: 'out.function' },
        { id: 'out.instance' },
        { id: 'out.symbol' },
        { id: 'out.plain' },
        { id: 'out.proxy' },
        { id: 'out.echo' },
      ],
    },
  },
  code: `export default { async activate(ctx) {
    await ctx.commands.register('out.function', () => ({ ok: true, run: () => 1 }));
    await ctx.commands.register('out.instance', () => [new (class Point { x = 1; })()]);
    await ctx.commands.register('out.symbol', () => ({ s: Symbol('s') }));
    await ctx.commands.register('out.plain', () => ({ ok: true, list: [1, 'x', null] }));
    await ctx.commands.register('out.proxy', () => new Proxy({ ok: true, list: [1] }, {}));
    await ctx.commands.register('out.echo', (input) => ({ input, proxy: input instanceof Object }));
  } };`,
});

describe("a command's output", () => {
  it.each(['out.function', 'out.instance', 'out.symbol', 'out.plain', 'out.proxy'])(
    '%s gets the same answer at every isolation level',
    async (command) => {
      const seen = await atEveryLevel(outputs, command, 'out.*');
      expect(seen.limited?.answer).toEqual(seen.none?.answer);
      expect(seen.strict?.answer).toEqual(seen.none?.answer);
      if (command === 'out.plain' || command === 'out.proxy') {
        expect(seen.none?.answer).toHaveProperty('value');
      } else {
        // The host's rule for what may cross it, not a schema of the manifest: so says the hint.
        expect(seen.none?.answer).toMatchObject({
          code: 'VALIDATION_FAILED',
          hint: expect.stringMatching(/^Send plain data: /),
        });
      }
    },
    60_000,
  );
});

describe('what the host hands a plugin', () => {
  it('crosses plain data behind a Proxy as the data it reads as, at every level', async () => {
    const answers: Record<string, unknown> = {};
    for (const level of LEVELS) {
      const host = await outputs.start(level);
      const input = new Proxy({ n: 1, nested: new Proxy([2, 3], {}) }, {});
      answers[level] = await host.execute('out.echo', input);
      await host.stop();
    }
    expect(answers.none).toEqual({ input: { n: 1, nested: [2, 3] }, proxy: true });
    expect(answers.limited).toEqual(answers.none);
    expect(answers.strict).toEqual(answers.none);
  }, 60_000);
});
