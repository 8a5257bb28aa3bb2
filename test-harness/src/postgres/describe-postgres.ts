import { afterAll, beforeAll, describe } from 'vitest';
import { findPostgres, type PostgresServer, startPostgres } from './postgres-server.js';

/** Whether `CI` is set the way CI services set it (any value but empty and `false`). */
function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false';
}

/**
 * Registers a `describe` block whose tests run against a real PostgreSQL server, started
 * before them ({@link startPostgres}) and stopped after them; `body` declares the tests and
 * reaches the server through `server()` once it has started. Its start line (version, folder,
 * seconds) is printed, so a CI log shows the tests ran on a real server.
 *
 * Without the server binaries the block is skipped on a developer's machine, but fails in CI
 * (`CI` set): a pipeline that lost its PostgreSQL package must not pass by skipping.
 *
 * @example
 * ```ts
 * import { describePostgres, mountPlugin } from '@stack-plugin/test-harness';
 * import { expect, it } from 'vitest';
 *
 * describePostgres('notes on PostgreSQL', (server) => {
 *   it('adds a note', async () => {
 *     const plugin = await mountPlugin('.', { db: { url: await server().createDatabase() } });
 *     expect(await plugin.execute('notes.add', { title: 'A', body: 'a' })).toBeDefined();
 *   });
 * });
 * ```
 */
export function describePostgres(
  title: string,
  body: (server: () => PostgresServer) => void,
): void {
  const bin = findPostgres();
  describe.runIf(bin !== undefined || inCi())(title, () => {
    let started: PostgresServer | undefined;
    beforeAll(async () => {
      const begin = performance.now();
      started = await startPostgres(bin === undefined ? {} : { bin });
      const seconds = ((performance.now() - begin) / 1000).toFixed(1);
      console.log(`postgresql ${started.version} (${started.bin}) started in ${seconds} s`);
    }, 180_000);
    afterAll(() => started?.stop());
    body(() => {
      if (started === undefined) throw new Error('the PostgreSQL server did not start');
      return started;
    });
  });
}
