// The Acme host run as its users run it: `node src/main.ts` in a child process, over a folder
// set up by demo-setup (signed plugins, one unsigned), against the built @stack-plugin/host.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSetup, setUpDemo, signPlugin } from '../src/demo-setup.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const run = promisify(execFile);

let demo: DemoSetup;
beforeAll(async () => {
  demo = await setUpDemo(await mkdtemp(join(tmpdir(), 'acme-host-')));
});
afterAll(async () => {
  await rm(demo.root, { recursive: true, force: true });
});

/** Run one acme-host command to its end; a failing one resolves too, with its exit code. */
async function acme(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, '--root', demo.root, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('acme-host one-shot commands', () => {
  it('lists the contributions of the signed plugins and says why the unsigned one was refused', async () => {
    const { code, stdout, stderr } = await acme('list');
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(rows.map(([ref, plugin, state]) => [ref, plugin, state])).toEqual(
      expect.arrayContaining([
        ['transformers:text.upper', '@acme/text-tools', 'available'],
        ['commands:tickets.open', '@acme/tickets', 'available'],
        ['commands:files.read', '@acme/files', 'available'],
      ]),
    );
    expect(stderr).toMatch(/@acme\/nightly refused: SIGNATURE_MISSING/);
    expect(stdout).not.toMatch(/nightly\.hello\t\S+\tavailable/);
  });

  it('dispatches a reference to its contribution, and runs a chain', async () => {
    const opened = await acme('call', 'tickets.open', '--input', '{"title":"printer on fire"}');
    expect(opened.code).toBe(0);
    // tickets runs at "limited" and reaches the host's own tracker through acme.tickets.
    expect(JSON.parse(opened.stdout)).toEqual({
      id: 1,
      title: 'printer on fire',
      openedBy: '@acme/tickets',
    });
    expect(JSON.parse(await readFile(join(demo.root, 'tickets.json'), 'utf8'))).toHaveLength(1);
    const chain = await acme(
      'chain',
      'transformers:text.trim',
      'transformers:text.redact-emails',
      'transformers:text.upper',
      '--input',
      '{"text":"  write to bob@example.com  "}',
    );
    expect(chain.code).toBe(0);
    expect(JSON.parse(chain.stdout)).toEqual({ text: 'WRITE TO [EMAIL]' });
  });

  it('holds files to the narrower grant of its config entry, not the whole manifest', async () => {
    const allowed = await acme(
      'call',
      'files.read',
      '--input',
      '{"path":"workspace/public/hello.txt"}',
    );
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual({ text: 'Hello from the workspace.\n' });
    // The manifest asks for fs:read:**; the operator granted fs:read:workspace/public/**.
    const denied = await acme(
      'call',
      'files.read',
      '--input',
      '{"path":"workspace/private/payroll.txt"}',
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^acme-host: PERMISSION_DENIED: "@acme\/files" may not read/m);
    expect(denied.stderr).not.toContain('Not for plugins');
  });

  it('reports a refused call with the host error code and a failing exit code', async () => {
    const invalid = await acme('call', 'tickets.open', '--input', '{"title":""}');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^acme-host: VALIDATION_FAILED: /m);
    const missing = await acme('call', 'nightly.hello');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^acme-host: UNKNOWN_COMMAND: /m);
  });
});

describe('acme-host serve', () => {
  let server: ChildProcess;
  let base: string;
  const log: string[] = [];

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [main, '--root', demo.root, 'serve', '--events', join(demo.root, 'events.jsonl')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    createInterface({ input: server.stderr as NodeJS.ReadableStream }).on('line', (l) =>
      log.push(l),
    );
    const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
    const [first] = (await once(lines, 'line')) as [string];
    base = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(first)?.[1] ?? '';
    expect(base).not.toBe('');
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  const post = async (ref: string, input: unknown) => {
    const response = await fetch(`${base}/call/${encodeURIComponent(ref)}`, {
      method: 'POST',
      body: JSON.stringify(input),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Publishes a new release of text-tools as npm would: files replaced, then signed again. */
  async function release(marks: string): Promise<void> {
    const dir = join(demo.root, 'plugins', 'text-tools');
    const code = (await readFile(join(dir, 'index.js'), 'utf8')).replace(
      /text: text\.toUpperCase\(\)(?: \+ '!*')?/,
      `text: text.toUpperCase() + '${marks}'`,
    );
    await unlink(join(dir, 'index.js'));
    await writeFile(join(dir, 'index.js'), code);
    await signPlugin(dir, { name: '@acme/text-tools', version: '1.0.0' }, demo.privateKeyPem);
  }

  it('keeps answering while releases land on disk: every call succeeds, each release is served', async () => {
    let running = true;
    const failures: unknown[] = [];
    const answers = new Set<string>();
    let calls = 0;
    const caller = async (ref: string, input: unknown, record: (r: unknown) => void) => {
      while (running) {
        const { status, body } = await post(ref, input).catch(
          (e: unknown): Awaited<ReturnType<typeof post>> => ({
            status: 0,
            body: { error: String(e) },
          }),
        );
        calls++;
        if (status === 200) record(body.result);
        else failures.push({ ref, status, body });
      }
    };
    const record = (r: unknown) => answers.add((r as { text: string }).text);
    const load = Promise.all([
      caller('transformers:text.upper', { text: 'abc' }, record),
      caller('transformers:text.upper', { text: 'abc' }, record),
      caller('commands:tickets.list', {}, () => {}),
    ]);
    const served = async (text: string) => {
      while (!answers.has(text)) await new Promise((r) => setTimeout(r, 20));
    };
    await served('ABC');
    await release('!');
    await served('ABC!');
    await release('!!');
    await served('ABC!!');
    running = false;
    await load;
    console.log(`acme-host serve: ${calls} calls over 2 releases, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect([...answers].sort()).toEqual(['ABC', 'ABC!', 'ABC!!']);
    expect(log.filter((l) => l.startsWith('acme-host: reloaded @acme/text-tools'))).not.toEqual([]);
  });

  it('exports metrics and plugin states', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^stack_plugin_calls_total\{plugin="@acme\/text-tools"\} [1-9]\d*$/m);
    const plugins = (await (await fetch(`${base}/plugins`)).json()) as Array<
      Record<string, string>
    >;
    expect(plugins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '@acme/tickets', state: 'active', isolation: 'limited' }),
        expect.objectContaining({ name: '@acme/nightly', error: 'SIGNATURE_MISSING' }),
      ]),
    );
  });

  it('answers bad requests with the host error code', async () => {
    expect(
      await post('commands:files.read', { path: 'workspace/private/payroll.txt' }),
    ).toMatchObject({ status: 403, body: { error: { code: 'PERMISSION_DENIED' } } });
    expect(await post('commands:tickets.open', { title: 42 })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(await post('commands:nope', {})).toMatchObject({ status: 404 });
  });

  it('stops cleanly on SIGTERM, with whole lines in its events and audit files', async () => {
    server.kill('SIGTERM');
    const [exitCode] = (await once(server, 'exit')) as [number | null];
    expect(exitCode).toBe(0);
    const lines = async (file: string) =>
      (await readFile(join(demo.root, file), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = await lines('events.jsonl');
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'plugin.refused',
          plugin: '@acme/nightly',
          error: expect.objectContaining({ code: 'SIGNATURE_MISSING' }),
        }),
        expect.objectContaining({ type: 'plugin.reloaded', plugin: '@acme/text-tools' }),
        expect.objectContaining({ type: 'plugin.deactivated', plugin: '@acme/tickets' }),
        expect.objectContaining({ type: 'audit', plugin: '@acme/files', allowed: false }),
        expect.objectContaining({
          type: 'metrics',
          plugin: '@acme/text-tools',
          id: 'text.upper',
          outcome: 'ok',
        }),
      ]),
    );
    // Every call of the load test is in the stream, none failed.
    const samples = events.filter((e) => e.type === 'metrics' && e.id === 'text.upper');
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((e) => e.outcome !== 'ok')).toEqual([]);
    const audit = await lines('.stack/audit.jsonl');
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          plugin: '@acme/tickets',
          capability: 'acme.tickets',
          decision: 'allowed',
        }),
        expect.objectContaining({ plugin: '@acme/files', capability: 'fs', decision: 'denied' }),
      ]),
    );
  });
});
