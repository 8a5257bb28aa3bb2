import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WatchOutcome, watchPlugin } from '../src/build/watch-plugin.js';
import { buildPdk, copyBuildFixture, removeBuildFixtures } from './_build-fixture.js';

beforeAll(buildPdk, 120_000);
afterEach(removeBuildFixtures);

/**
 * Replaces a file in one step (write aside, then rename), so the watcher never sees it empty
 * or half-written, however slow the machine; `.tmp` files are ignored by the watcher.
 */
async function replace(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/** Collects watch outcomes and lets a test wait for the next one, without timers. */
function outcomes() {
  const seen: WatchOutcome[] = [];
  let wake: (() => void) | undefined;
  let cursor = 0;
  return {
    onBuild: (outcome: WatchOutcome) => {
      seen.push(outcome);
      wake?.();
    },
    async next(count: number): Promise<WatchOutcome> {
      while (seen.length < count) await new Promise<void>((resolve) => (wake = resolve));
      cursor = count;
      return seen[count - 1] as WatchOutcome;
    },
    /** Waits for a build, after those already looked at, for which `check` holds. */
    async until(check: (outcome: WatchOutcome) => Promise<boolean>): Promise<void> {
      for (;;) {
        while (seen.length <= cursor) await new Promise<void>((resolve) => (wake = resolve));
        if (await check(seen[cursor++] as WatchOutcome)) return;
      }
    },
    seen,
  };
}

describe('watchPlugin', () => {
  it('builds, rebuilds on a source change, reports a failing build and goes on', async () => {
    const { dir } = await copyBuildFixture('build-plugin', 'stack-cli-build-watch-');

    const controller = new AbortController();
    const builds = outcomes();
    const watching = watchPlugin(dir, { signal: controller.signal, onBuild: builds.onBuild });
    try {
      expect(await builds.next(1)).toMatchObject({
        ok: true,
        result: { outfile: 'dist/index.js' },
      });

      // Every edit is a "safe write" (a copy renamed over the file), as editors save: the
      // watcher must keep seeing the file after it was replaced.
      const greet = join(dir, 'src/greet.ts');
      await replace(greet, 'export const greet = (g: string, n: string) => g + "... " + n;\n');
      expect((await builds.next(2)).ok).toBe(true);
      expect(await readFile(join(dir, 'dist/index.js'), 'utf8')).toContain('... ');

      await replace(greet, 'export const greet = (g: string, n: string) => ;\n');
      const failed = await builds.next(3);
      expect(failed.ok).toBe(false);
      expect(failed.ok ? undefined : (failed.error as { code?: string }).code).toBe('BUILD_FAILED');

      await replace(greet, 'export const greet = (g: string, n: string) => g + "!! " + n;\n');
      expect((await builds.next(4)).ok).toBe(true);
      expect(await readFile(join(dir, 'dist/index.js'), 'utf8')).toContain('!! ');

      // A folder created while watching is watched too; how many builds the creation causes
      // depends on how events coalesce, so wait for the one that has the new module.
      const bundle = () => readFile(join(dir, 'dist/index.js'), 'utf8');
      await mkdir(join(dir, 'src/sub'));
      await replace(join(dir, 'src/sub/answer.ts'), 'export const answer = 41;\n');
      const index = await readFile(join(dir, 'src/index.ts'), 'utf8');
      await replace(
        join(dir, 'src/index.ts'),
        `${index}export { answer } from './sub/answer.js';\n`,
      );
      await builds.until(async (o) => o.ok && (await bundle()).includes('answer = 41'));
      await replace(join(dir, 'src/sub/answer.ts'), 'export const answer = 42;\n');
      await builds.until(async (o) => o.ok && (await bundle()).includes('answer = 42'));
    } finally {
      controller.abort();
      await watching;
    }
  });
});
