import { fileURLToPath } from 'node:url';
import {
  describePostgres,
  type MountPluginOptions,
  mountPlugin,
  performanceSuite,
} from '@stack-plugin/test-harness';
import { describe, expect, it } from 'vitest';
import { NOTES_FOLDER } from './_notes-cases.js';
import { BATCH, corpus, NEEDLE_WORD, queries } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// Load, activation and per-call latency of every contribution through the host.
performanceSuite(root, {
  iterations: 50,
  files: NOTES_FOLDER,
  inputs: {
    'markdown.read': { folder: 'notes' },
    'notes.store': { files: [{ path: 'notes/a.md', title: 'A', body: 'Alpha.', tags: ['x'] }] },
    'notes.recall': { topic: 'alpha' },
  },
});

// Search over a few thousand notes on each engine: the corpus is imported through the
// notes.import workflow (a folder at a time), then searched with a fixed set of queries. The
// times are printed, not asserted (they depend on the machine and its load); what is asserted
// is that the answers are right at that size.
const NOTES = 3000;
const NEEDLE = 1234;
const files = corpus(NOTES, NEEDLE);

function searchAtScale(engine: string, options: () => Promise<MountPluginOptions>) {
  it(`imports ${NOTES} notes and searches them (${engine})`, { timeout: 300_000 }, async () => {
    const plugin = await mountPlugin(root, { ...(await options()), files });
    const { host } = plugin.testHost;
    let started = performance.now();
    for (let batch = 1; batch <= NOTES / BATCH; batch++) {
      const run = await host.runWorkflow('notes.import', { folder: `notes/batch${batch}` });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(run.steps.store?.output).toEqual({ added: BATCH, updated: 0, unchanged: 0 });
    }
    const importSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const again = await host.runWorkflow('notes.import', { folder: 'notes/batch2' });
    expect(again.status, JSON.stringify(again.error)).toBe('succeeded');
    expect(again.steps.store?.output).toEqual({ added: 0, updated: 0, unchanged: BATCH });
    const reimportSeconds = (performance.now() - started) / 1000;

    const times: number[] = [];
    let found = 0;
    for (const [i, query] of queries(200).entries()) {
      const match = i % 2 === 0 ? 'all' : 'any';
      const t = performance.now();
      const { notes } = await plugin.execute('notes.search', { query, match, limit: 10 });
      times.push(performance.now() - t);
      found += notes.length;
      expect(notes.length).toBeLessThanOrEqual(10);
      const scores = notes.map((n) => n.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const needle = await plugin.execute('notes.search', { query: NEEDLE_WORD });
    expect(needle.notes.map((n) => n.id)).toEqual([NEEDLE]);
    expect(found).toBeGreaterThan(200);

    times.sort((a, b) => a - b);
    const at = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);
    console.log(
      `notes-db on ${engine}: ${NOTES} notes imported in ${importSeconds.toFixed(1)} s ` +
        `(again, unchanged: ${reimportSeconds.toFixed(1)} s); search over ${times.length} queries: ` +
        `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms, ${found} results`,
    );
  });
}

describe('search at scale', () => {
  searchAtScale('sqlite', async () => ({}));
  describePostgres('on a real PostgreSQL server', (server) => {
    searchAtScale('postgresql', async () => ({ db: { url: await server().createDatabase() } }));
  });
});
