import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuditFileSink,
  type CapabilityRecord,
  createHost,
  type Host,
  readAuditFiles,
} from '../src/index.js';
import { fixture, NOW, spawnSource, testServices } from './_support.js';

// The capability audit log as data: JSON Lines written by the host, rotated by size, kept
// across restarts and a SIGKILL, read back by readAuditFiles.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stack-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const asLine = (r: CapabilityRecord) => ({
  v: 1,
  time: new Date(r.time).toISOString(),
  plugin: r.plugin,
  capability: r.capability,
  method: r.method,
  target: r.target,
  decision: r.allowed ? 'allowed' : 'denied',
  ...(r.permission === undefined ? {} : { permission: r.permission }),
});

describe('the host audit file', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
  });

  async function start(audit: Record<string, unknown>) {
    const host = createHost({
      root: fixture('.'),
      config: {
        plugins: [{ path: 'metrics-monitor' }, { path: 'metrics-plain' }],
        audit: audit as { file: string },
      },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await host.start();
    const run = (plugin: string, op: string) => host.execute(`${plugin}.do`, { op, args: [] });
    return { host, run };
  }

  it('writes every capability use, allowed and denied, and appends after a restart', async () => {
    const file = join(dir, 'logs', 'audit.jsonl');
    const first = await start({ file });
    await first.run('metrics-plain', 'read');
    await first.run('metrics-monitor', 'read');
    const written = first.host.audit();
    // The monitor's subscription to host.plugin.* at activation, then each call the test
    // made (audited under the host's name) and the read it led to.
    expect(written.map((r) => [r.plugin, r.capability, r.allowed])).toEqual([
      ['metrics-monitor', 'events', true],
      ['host', 'commands', true],
      ['metrics-plain', 'metrics', false],
      ['host', 'commands', true],
      ['metrics-monitor', 'metrics', true],
    ]);
    await first.host.stop();
    hosts.splice(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(written.map(asLine));
    expect(JSON.parse(lines[2] as string)).toEqual({
      v: 1,
      time: new Date(NOW).toISOString(),
      plugin: 'metrics-plain',
      capability: 'metrics',
      method: 'read',
      target: '',
      decision: 'denied',
      permission: 'metrics:read',
    });

    const second = await start({ file });
    await second.run('metrics-monitor', 'read');
    const read = await readAuditFiles(file);
    expect(read).toEqual({
      files: [file],
      records: [...written, ...second.host.audit()].map(asLine),
      problems: [],
    });
    expect(read.records).toHaveLength(written.length + second.host.audit().length);
    expect(second.host.audit().length).toBeGreaterThan(0);
  });

  it('refuses an audit entry with a key the schema does not know', async () => {
    await expect(start({ file: join(dir, 'a.jsonl'), rotate: 3 })).rejects.toMatchObject({
      code: 'HOST_CONFIG_INVALID',
      message: expect.stringContaining('rotate'),
    });
  });
});

describe('AuditFileSink', () => {
  const append = (sink: AuditFileSink, i: number) =>
    sink.write({
      plugin: 'p',
      capability: 'fs',
      method: 'readFile',
      target: `file-${i}`,
      allowed: true,
      permission: 'fs:read:**',
      time: NOW + i,
    });
  const indexes = (records: ReadonlyArray<{ target: string }>) =>
    records.map((r) => Number(r.target.slice('file-'.length)));

  it('rotates by size, keeps the newest files and reads them back in order', async () => {
    const file = join(dir, 'audit.jsonl');
    const sink = new AuditFileSink({ file, maxBytes: 4096, keep: 2 });
    for (let i = 0; i < 200; i++) append(sink, i);
    sink.close();
    expect(readdirSync(dir).sort()).toEqual(['audit.jsonl', 'audit.jsonl.1', 'audit.jsonl.2']);
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(4096);
    }
    const read = await readAuditFiles(file);
    expect(read.files).toEqual([`${file}.2`, `${file}.1`, file]);
    expect(read.problems).toEqual([]);
    const kept = indexes(read.records);
    // The newest records, none missing or repeated; the oldest went with the deleted files.
    expect(kept.at(-1)).toBe(199);
    expect(kept).toEqual(kept.map((_, i) => 200 - kept.length + i));
    expect(kept.length).toBeGreaterThan(40);
    expect(kept.length).toBeLessThan(200);
  });

  it('skips and reports a torn last line, and a restarted sink starts a new line after it', async () => {
    const file = join(dir, 'audit.jsonl');
    const sink = new AuditFileSink({ file });
    append(sink, 0);
    sink.close();
    appendFileSync(file, '{"v":1,"time":"2026-12-07T00:0');
    expect(await readAuditFiles(file)).toMatchObject({
      records: [{ target: 'file-0' }],
      problems: [{ file, line: 2, kind: 'torn' }],
    });

    const again = new AuditFileSink({ file });
    append(again, 1);
    again.close();
    writeFileSync(join(dir, 'audit.jsonl.1'), '{"v":2}\n');
    const read = await readAuditFiles(file);
    expect(indexes(read.records)).toEqual([0, 1]);
    expect(read.problems).toEqual([
      { file: `${file}.1`, line: 1, kind: 'invalid' },
      { file, line: 2, kind: 'torn' },
    ]);
  });

  it('reads a log that does not exist yet as empty', async () => {
    expect(await readAuditFiles(join(dir, 'none', 'audit.jsonl'))).toEqual({
      files: [],
      records: [],
      problems: [],
    });
  });

  it('leaves no corrupt line when the writing process is SIGKILLed mid-stream', async () => {
    const file = join(dir, 'audit.jsonl');
    const { child, exited, stderr } = spawnSource(fixture('audit-crash/writer.ts'), [file]);
    let acked = -1;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('ack ')) acked = Number(line.slice(4));
      // Killed mid-stream: about 30 rotations have happened by then.
      if (acked === 3000) child.kill('SIGKILL');
    }
    expect({ signal: await exited, stderr: stderr() }).toEqual({ signal: 'SIGKILL', stderr: '' });

    const read = await readAuditFiles(file);
    expect(read.problems).toEqual([]);
    expect(read.files.length).toBeGreaterThan(20);
    const written = read.records.map((r) => Number(r.target.split('/')[1]));
    // Every acknowledged record is there, in order, each once.
    expect(written.length).toBeGreaterThan(acked);
    expect(written).toEqual(written.map((_, i) => i));
    expect(read.records[0]).toMatchObject({ plugin: 'crash-test', decision: 'denied' });

    // A host started again appends to the same log.
    const sink = new AuditFileSink({ file, maxBytes: 16 * 1024, keep: 1000 });
    sink.write({
      plugin: 'after',
      capability: 'env',
      method: 'get',
      target: 'HOME',
      allowed: false,
      permission: 'env:HOME',
      time: NOW,
    });
    sink.close();
    const after = await readAuditFiles(file);
    expect(after.problems).toEqual([]);
    expect(after.records.at(-1)).toMatchObject({ plugin: 'after', decision: 'denied' });
    expect(after.records).toHaveLength(written.length + 1);
  }, 60_000);
});
