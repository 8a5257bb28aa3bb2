import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isStackPluginError } from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeStateService } from '../../src/services/node/index.js';
import { fixture, spawnSource } from '../_support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-state-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const journal = () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.journal'));
  expect(files).toHaveLength(1);
  return join(dir, files[0]!);
};

describe('createNodeStateService', () => {
  it('stores structured-clonable values per scope and returns fresh copies', async () => {
    const state = createNodeStateService({ dir });
    const value = { when: new Date(5), tags: new Set(['a']), big: 10n, nested: { list: [1, 2] } };
    await state.set('@acme/a', 'k', value);
    await state.set('shared', 'k', 'other scope');
    const read = (await state.get('@acme/a', 'k')) as typeof value;
    expect(read).toEqual(value);
    read.nested.list.push(3);
    expect(await state.get('@acme/a', 'k')).toEqual(value);
    expect(await state.get('@acme/a', 'missing')).toBeUndefined();
    expect(await state.get('shared', 'k')).toBe('other scope');
    await state.delete('@acme/a', 'k');
    await state.delete('@acme/a', 'never-set');
    expect(await state.keys('@acme/a')).toEqual([]);
    expect(await state.keys('shared')).toEqual(['k']);
    await state.close();
  });

  it('refuses values that cannot be cloned, naming the key', async () => {
    const state = createNodeStateService({ dir });
    const error = await state.set('p', 'fn', { f: () => 1 }).catch((e) => e);
    expect(isStackPluginError(error) && { code: error.code, message: error.message }).toEqual({
      code: 'STATE_VALUE_INVALID',
      message: 'The value for "fn" cannot be stored: () => 1 could not be cloned.',
    });
    await state.close();
  });

  it('keeps every write across a reopen, including concurrent ones (group commit)', async () => {
    const first = createNodeStateService({ dir });
    await Promise.all(Array.from({ length: 50 }, (_, i) => first.set('p', `k${i}`, i)));
    await Promise.all([first.set('p', 'k0', 'last'), first.delete('p', 'k1')]);
    await first.close();
    const second = createNodeStateService({ dir });
    expect((await second.keys('p')).length).toBe(49);
    expect(await second.get('p', 'k0')).toBe('last');
    expect(await second.get('p', 'k1')).toBeUndefined();
    expect(await second.get('p', 'k49')).toBe(49);
    await second.close();
  });

  it('ignores a torn tail, cuts it off, and keeps working after it', async () => {
    const first = createNodeStateService({ dir });
    await first.set('p', 'a', 1);
    await first.set('p', 'b', 2);
    await first.close();
    const path = journal();
    const goodSize = statSync(path).size;
    // A record header announcing 100 bytes, followed by only 3 of them.
    appendFileSync(path, Buffer.from([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));
    const second = createNodeStateService({ dir });
    expect(await second.keys('p')).toEqual(['a', 'b']);
    expect(statSync(path).size).toBe(goodSize);
    await second.set('p', 'c', 3);
    await second.close();
    const third = createNodeStateService({ dir });
    expect(await third.keys('p')).toEqual(['a', 'b', 'c']);
    await third.close();
  });

  it('stops at a record whose checksum does not match', async () => {
    const first = createNodeStateService({ dir });
    await first.set('p', 'a', 'x'.repeat(10));
    await first.close();
    const before = statSync(journal()).size;
    const again = createNodeStateService({ dir });
    await again.set('p', 'b', 'y');
    await again.close();
    // Flip one byte inside the second record's payload.
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(journal(), 'r+');
    writeSync(fd, Buffer.from([0xff]), 0, 1, before + 10);
    closeSync(fd);
    const third = createNodeStateService({ dir });
    expect(await third.keys('p')).toEqual(['a']);
    await third.close();
  });

  it('compacts an overwritten journal without losing data', async () => {
    const state = createNodeStateService({ dir, compactAfterBytes: 4096 });
    for (let i = 0; i < 200; i++) await state.set('p', `k${i % 5}`, { i, pad: 'z'.repeat(100) });
    expect(statSync(journal()).size).toBeLessThan(4096 * 2);
    await state.close();
    const reopened = createNodeStateService({ dir });
    expect(await reopened.get('p', 'k4')).toEqual({ i: 199, pad: 'z'.repeat(100) });
    expect(await reopened.keys('p')).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await reopened.close();
  });

  it('loses no acknowledged write when the writing process is SIGKILLed', async () => {
    const { child, exited, stderr } = spawnSource(fixture('services-state-crash/writer.ts'), [dir]);
    const acked: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      // Kill mid-loop: writes and compactions are in flight at this point.
      if (acked.length === 600) child.kill('SIGKILL');
    }
    expect({ signal: await exited, stderr: stderr() }).toEqual({ signal: 'SIGKILL', stderr: '' });
    expect(acked.length).toBeGreaterThanOrEqual(600);

    const state = createNodeStateService({ dir });
    const keys = new Set(await state.keys('crash-test'));
    const lost = acked.filter((key) => !keys.has(key));
    expect(lost).toEqual([]);
    const sample = acked[acked.length - 1]!;
    const [, lane, i] = sample.split('-');
    expect(await state.get('crash-test', sample)).toMatchObject({
      lane: Number(lane),
      i: Number(i),
    });
    // The store opens cleanly and takes new writes after the crash.
    await state.set('crash-test', 'after', true);
    await state.close();
    const reopened = createNodeStateService({ dir });
    expect(await reopened.get('crash-test', 'after')).toBe(true);
    await reopened.close();
  });
});
