import { definePlugin } from '@stack-plugin/pdk';
import { describe, expect, it } from 'vitest';
import { type MountedPlugin, mountPlugin } from '../../src/index.js';

/** One inline plugin that does a little of everything the matchers look at. */
async function busyPlugin(): Promise<MountedPlugin> {
  return mountPlugin(
    {
      name: 'busy',
      definition: definePlugin({
        async activate(ctx) {
          await ctx.commands.register('work', async (input) => {
            const { n } = input as { n: number };
            ctx.log.warn(`working on ${n}`, { n });
            ctx.log.debug('details');
            await ctx.fs.writeFile(`out/${n}.txt`, `item ${n}`);
            await ctx.fs.writeFile('out/raw.bin', new Uint8Array([1, 2, 3]));
            await ctx.events.emit('busy.done', { n });
            await ctx.net.fetch('https://api.busy.test/items', { method: 'POST', body: String(n) });
            await ctx.net.fetch('https://forbidden.test/').catch(() => undefined);
            return { doubled: n * 2 };
          });
        },
      }),
      manifest: {
        permissions: ['fs:write:out/**', 'events:emit:busy.*', 'net:api.busy.test'],
        contributes: { commands: [{ id: 'work' }], events: [{ id: 'busy.done' }] },
      },
    },
    { files: { out: null }, net: { 'POST https://api.busy.test/items': { status: 201 } } },
  );
}

describe('Stack matchers', () => {
  it('toHaveEmitted checks topic, pattern and payload', async () => {
    const busy = await busyPlugin();
    await busy.execute('work', { n: 2 });
    expect(busy).toHaveEmitted('busy.done');
    expect(busy).toHaveEmitted('busy.*', { n: 2 });
    expect(busy).toHaveEmitted('busy.done', { n: expect.any(Number) });
    expect(busy).not.toHaveEmitted('busy.done', { n: 3 });
    expect(() => expect(busy).toHaveEmitted('busy.failed')).toThrow(
      'expected plugin "busy" to have emitted "busy.failed", but saw events:\n  - busy.done from busy: {"n": 2}',
    );
    expect(() => expect(busy).not.toHaveEmitted('busy.done')).toThrow(
      'expected plugin "busy" to have emitted "busy.done" not to have happened, but it did',
    );
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test');
  });

  it('toHaveLogged checks level and message as text, RegExp or matcher', async () => {
    const busy = await busyPlugin();
    await busy.execute('work', { n: 1 });
    expect(busy).toHaveLogged('working on 1');
    expect(busy).toHaveLogged('warn', /working on \d/);
    expect(busy).toHaveLogged('debug', expect.stringContaining('detail'));
    expect(busy).not.toHaveLogged('error', /working/);
    expect(() => expect(busy).toHaveLogged('info', 'working on 1')).toThrow(
      'expected plugin "busy" to have logged info "working on 1", but saw log records:\n  - warn busy: working on 1\n  - debug busy: details',
    );
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test');
  });

  it('toHaveRequested counts requests that went out, not denied ones', async () => {
    const busy = await busyPlugin();
    await busy.execute('work', { n: 1 });
    expect(busy).toHaveRequested('POST', 'https://api.busy.test/items');
    expect(busy).not.toHaveRequested('GET', 'https://api.busy.test/items');
    expect(busy).not.toHaveRequested('GET', 'https://forbidden.test/');
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test:443');
    expect(() => expect(busy).toHaveRequested('GET', /forbidden/)).toThrow(
      'expected plugin "busy" to have requested GET /forbidden/, but saw requests that went out:\n  - POST https://api.busy.test/items (busy)',
    );
  });

  it('toHaveWrittenFile checks the path and text, bytes, RegExp or matcher', async () => {
    const busy = await busyPlugin();
    await busy.execute('work', { n: 7 });
    expect(busy).toHaveWrittenFile('out/7.txt');
    expect(busy).toHaveWrittenFile('./out/7.txt', 'item 7');
    expect(busy).toHaveWrittenFile('out/7.txt', /item \d/);
    expect(busy).toHaveWrittenFile('out/raw.bin', new Uint8Array([1, 2, 3]));
    expect(busy).not.toHaveWrittenFile('out/7.txt', 'item 8');
    expect(busy.testHost).toHaveWrittenFile('out/7.txt', expect.stringMatching(/^item/));
    expect(() => expect(busy).toHaveWrittenFile('out/8.txt')).toThrow(
      'expected plugin "busy" to have written out/8.txt, but saw file writes:\n  - out/7.txt: "item 7"\n  - out/raw.bin: <3 bytes>',
    );
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test');
  });

  it('toHaveBeenDeniedPermission matches broader permissions and marks denials as expected', async () => {
    const busy = await busyPlugin();
    await busy.execute('work', { n: 1 });
    expect(busy.testHost.problems()).toHaveLength(1);
    await busy.execute('work', { n: 2 });
    expect(() => expect(busy).toHaveBeenDeniedPermission('net:other.test')).toThrow(
      'expected plugin "busy" to have been denied "net:other.test", but saw denials:\n  - busy: net.fetch https://forbidden.test/ (needs net:forbidden.test:443)',
    );
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test');
    expect(busy.testHost.problems()).toEqual([]);
  });

  it('toRespondWith runs a command and compares deeply', async () => {
    const busy = await busyPlugin();
    await expect(busy).toRespondWith('work', { n: 4 }, { doubled: 8 });
    await expect(busy.testHost).toRespondWith('work', { n: 4 }, { doubled: expect.any(Number) });
    await expect(busy).not.toRespondWith('work', { n: 4 }, { doubled: 9 });
    await expect(expect(busy).toRespondWith('work', { n: 1 }, { doubled: 3 })).rejects.toThrow(
      'expected "work" of plugin "busy" to respond with {"doubled": 3}',
    );
    await expect(expect(busy).toRespondWith('nope', {}, {})).rejects.toThrow(
      'expected "nope" of plugin "busy" to respond with {}, but it rejected: UNKNOWN_COMMAND: No command "nope" is registered.\n  hint: Check the id against the plugins\' "contributes.commands"',
    );
    expect(busy).toHaveBeenDeniedPermission('net:forbidden.test');
  });

  it('toRejectWithCode accepts a promise or a function and names the actual code', async () => {
    const busy = await busyPlugin();
    await expect(busy.execute('nope')).toRejectWithCode('UNKNOWN_COMMAND');
    await expect(() => busy.execute('nope')).toRejectWithCode('UNKNOWN_COMMAND');
    await expect(busy.execute('nope')).not.toRejectWithCode('PERMISSION_DENIED');
    await expect(
      expect(busy.execute('nope')).toRejectWithCode('PERMISSION_DENIED'),
    ).rejects.toThrow(
      'expected a rejection with code PERMISSION_DENIED, but got UNKNOWN_COMMAND: No command "nope" is registered.',
    );
    await expect(expect(Promise.resolve(1)).toRejectWithCode('X')).rejects.toThrow(
      'expected a rejection with code X, but it resolved with 1',
    );
    await expect(expect(42).toRejectWithCode('X')).rejects.toThrow(
      'toRejectWithCode expects a promise',
    );
  });

  it('refuses subjects that are not test hosts or plugins', () => {
    expect(() => expect({}).toHaveEmitted('x')).toThrow(
      'toHaveEmitted expects a test host or a mounted plugin (from createTestHost / mountPlugin), got {}',
    );
  });
});
