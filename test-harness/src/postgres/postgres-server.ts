import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createError } from '@stack-plugin/pdk';
import { harnessErrors } from '../harness-errors.js';

/**
 * A throwaway PostgreSQL server of a test: its own data folder under the system temp folder, a
 * free loopback port, trust authentication for one superuser, fsync off.
 */
export interface PostgresServer {
  /** `postgres://stack@127.0.0.1:<port>/postgres`: the superuser `stack`, trusted on loopback. */
  readonly url: string;
  /** The server's version, as `postgres --version` prints it (`16.9`, `17.5`, ...). */
  readonly version: string;
  /** The folder of the server binaries it was started from. */
  readonly bin: string;
  /**
   * Creates an empty database on the server and resolves with its URL, so each test (or each
   * test host) can start from nothing: a host keeps its plugin schemas and migration records
   * in the database its URL names.
   */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

/** Where Debian and Ubuntu install the server binaries, one folder per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** The folder of `initdb`, `pg_ctl` and `createdb` (default: {@link findPostgres}). */
  readonly bin?: string;
}

/**
 * The folder of the PostgreSQL server binaries, or undefined when they are not installed:
 * Debian and Ubuntu keep them under `/usr/lib/postgresql/<version>/bin`, off the PATH (the
 * newest version wins); elsewhere `initdb` on the PATH.
 */
export function findPostgres(): string | undefined {
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(DEBIAN_ROOT, versions[0], 'bin');
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb === '' ? undefined : join(initdb, '..');
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server: `initdb` on a temp folder, `pg_ctl start` on a free
 * loopback port with its socket in that folder. PostgreSQL refuses to run as root, so as root
 * the server runs as the `postgres` user the distribution's package creates. Fails with
 * `TEST_POSTGRES_NOT_INSTALLED` when there are no server binaries.
 *
 * @example
 * ```ts
 * import { startPostgres } from '@stack-plugin/test-harness';
 *
 * const server = await startPostgres();
 * try {
 *   const url = await server.createDatabase(); // stack.config.json: "db": { "url": url }
 *   console.log(`PostgreSQL ${server.version} at ${url}`);
 * } finally {
 *   server.stop();
 * }
 * ```
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = options.bin ?? findPostgres();
  if (bin === undefined) {
    throw createError(harnessErrors.TEST_POSTGRES_NOT_INSTALLED, {
      searched: `${DEBIAN_ROOT}/<version>/bin`,
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'stack-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const run = (program: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, program),
      asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args,
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, timeout: 120_000 },
    );
  let port: number;
  try {
    run('initdb', ['-D', data, '-U', 'stack', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    port = await freePort();
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '120',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`: the number after the name.
  const banner = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  const version = /\(PostgreSQL\)\s+(\S+)/.exec(banner)?.[1] ?? banner.trim();
  let databases = 0;
  return {
    url: `postgres://stack@127.0.0.1:${port}/postgres`,
    version,
    bin,
    async createDatabase() {
      const name = `test_${++databases}`;
      await promisify(execFile)(join(bin, 'createdb'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'stack',
        name,
      ]);
      return `postgres://stack@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
