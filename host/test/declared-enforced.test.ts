// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config templates, not JS ones.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/index.js';
import { tempDir, testServices, writePlugin } from './_support.js';

// What a manifest or host config declares is enforced through the real host, at every
// isolation level: event payload schemas on emit (by a plugin and by the host), workflow
// input schemas, `${env.X}` typed by the config schema, and reload re-reading the config.

let dir: string;
let cleanup: () => Promise<void>;
const hosts: Host[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await cleanup();
});

const NOTES = {
  permissions: ['events:emit:notes.created'],
  config: {
    type: 'object',
    properties: {
      port: { type: 'integer' },
      debug: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      greeting: { type: 'string' },
    },
    additionalProperties: false,
  },
  contributes: {
    commands: [{ id: 'emit' }, { id: 'config' }, { id: 'double' }],
    events: [
      {
        id: 'notes.created',
        payload: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
          additionalProperties: false,
        },
      },
    ],
    workflows: [
      {
        id: 'notes.twice',
        input: {
          type: 'object',
          properties: { n: { type: 'number' } },
          required: ['n'],
        },
        steps: [{ id: 'one', uses: 'commands:double', with: { n: '${input.n}' } }],
      },
    ],
  },
};

const NOTES_CODE = `export default {
  async activate(ctx) {
    await ctx.commands.register('emit', async (payload) => {
      try {
        await ctx.events.emit('notes.created', payload);
        return { ok: true };
      } catch (error) {
        return { ok: false, code: error.code };
      }
    });
    await ctx.commands.register('config', () => ctx.config);
    await ctx.commands.register('double', ({ n }) => ({ n: n * 2 }));
  },
};`;

async function start(level: string, config: object, env: Record<string, string> = {}) {
  await writePlugin(dir, 'notes', { manifest: NOTES, code: NOTES_CODE });
  await writeFile(join(dir, 'stack.config.json'), JSON.stringify(config));
  const host = createHost({
    root: dir,
    env,
    services: testServices(),
    policy: { minIsolation: level as 'none' },
  });
  hosts.push(host);
  await host.start();
  return host;
}

describe.each(['none', 'limited', 'strict'])('declared means enforced (isolation %s)', (level) => {
  it('validates event payloads on emit, by the plugin and by the host', async () => {
    const host = await start(level, { plugins: [{ path: 'notes' }] });
    const seen: unknown[] = [];
    host.events.on('notes.created', (event) => void seen.push(event.payload));
    expect(await host.execute('emit', { id: 7 })).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
    await expect(host.events.emit('notes.created', { title: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(
        'The payload of event "notes.created" (declared by "notes")',
      ),
    });
    expect(seen).toEqual([]);
    expect(await host.execute('emit', { id: 'a' })).toEqual({ ok: true });
    await host.events.emit('notes.created', { id: 'b' });
    expect(seen).toEqual([{ id: 'a' }, { id: 'b' }]);
  }, 60_000);

  it("validates a workflow's input before any step runs", async () => {
    const host = await start(level, {
      plugins: [{ path: 'notes' }],
      workflows: [
        {
          id: 'host.twice',
          input: { type: 'object', required: ['n'] },
          steps: [{ id: 'one', uses: 'double', with: { n: '${input.n}' } }],
        },
      ],
    });
    await expect(host.runWorkflow('notes.twice', { n: 'x' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: 'notes',
    });
    await expect(host.runWorkflow('host.twice', {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(host.plugin('notes')?.metrics.calls).toBe(0);
    expect((await host.runWorkflow('notes.twice', { n: 2 })).steps.one?.output).toEqual({ n: 4 });
  }, 60_000);

  it('types ${env.X} by the config schema', async () => {
    const host = await start(
      level,
      {
        plugins: [
          {
            path: 'notes',
            config: { port: '${env.PORT}', debug: '${env.DEBUG}', tags: '${env.TAGS}' },
          },
        ],
      },
      { PORT: '8080', DEBUG: 'true', TAGS: '["a","b"]' },
    );
    expect(await host.execute('config')).toEqual({ port: 8080, debug: true, tags: ['a', 'b'] });
  }, 60_000);

  it('re-reads the host config on reload', async () => {
    const host = await start(level, {
      plugins: [{ path: 'notes', config: { greeting: 'hi' } }],
    });
    expect(await host.execute('config')).toEqual({ greeting: 'hi' });
    await writeFile(
      join(dir, 'stack.config.json'),
      JSON.stringify({ plugins: [{ path: 'notes', config: { greeting: 'hello' } }] }),
    );
    await host.reload('notes');
    expect(await host.execute('config')).toEqual({ greeting: 'hello' });
    // A narrowed grant applies too: the plugin now asks for more than it is granted.
    await writeFile(
      join(dir, 'stack.config.json'),
      JSON.stringify({ plugins: [{ path: 'notes', permissions: [] }] }),
    );
    await expect(host.reload('notes')).rejects.toMatchObject({ code: 'PERMISSION_NOT_GRANTED' });
  }, 60_000);
});
