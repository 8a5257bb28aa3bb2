import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStackPluginError } from '@stack-plugin/pdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/services/host-services.js';
import {
  createJsonLogger,
  createNodeEnvService,
  createNodeSecretsService,
  createNodeServices,
  createSystemClock,
  parseSecrets,
  secretEnvName,
} from '../../src/services/node/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-svc-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createNodeEnvService', () => {
  it('answers from its own snapshot and own keys only', () => {
    const source: Record<string, string | undefined> = { A: '1' };
    const env = createNodeEnvService(source);
    source.A = 'changed';
    expect([env.get('A'), env.get('B'), env.get('__proto__'), env.get('toString')]).toEqual([
      '1',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('createNodeSecretsService', () => {
  it('reads STACK_SECRET_<NAME> first, then the file', async () => {
    const file = join(dir, 'secrets.env');
    writeFileSync(file, 'API_TOKEN=from-file\nOTHER="two words # not a comment"\n', {
      mode: 0o600,
    });
    const secrets = createNodeSecretsService({
      env: { STACK_SECRET_API_TOKEN: 'from-env', STACK_SECRET_EMPTY: '' },
      file,
    });
    expect(await secrets.get('API_TOKEN')).toBe('from-env');
    expect(await secrets.get('OTHER')).toBe('two words # not a comment');
    expect(await secrets.get('EMPTY')).toBeUndefined();
    expect(await secrets.get('MISSING')).toBeUndefined();
    expect(secretEnvName('my-api.token')).toBe('STACK_SECRET_MY_API_TOKEN');
  });

  it('parses JSON and .env files, and never echoes a value in a parse error', () => {
    expect(parseSecrets('{ "A": "1", "b-c": "2" }')).toEqual(
      new Map([
        ['A', '1'],
        ['b-c', '2'],
      ]),
    );
    expect(
      parseSecrets('# c\nexport A=1\nB = \'x y\' \nC="line\\nnext"\nD=plain # trailing\n\nE='),
    ).toEqual(
      new Map([
        ['A', '1'],
        ['B', 'x y'],
        ['C', 'line\nnext'],
        ['D', 'plain'],
        ['E', ''],
      ]),
    );
    for (const text of ['{ "A": "sekrit-value" ', 'A=1\nsekrit-value\n', '{ "A": 5 }']) {
      try {
        parseSecrets(text, 'secrets.env');
        throw new Error('expected a parse error');
      } catch (error) {
        expect(isStackPluginError(error) && error.code).toBe('CONFIG_INVALID');
        expect((error as Error).message).not.toContain('sekrit');
      }
    }
  });

  it('warns when the secrets file is readable by others', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"A":"1"}');
    chmodSync(file, 0o644);
    const records: LogRecord[] = [];
    const secrets = createNodeSecretsService({
      env: {},
      file,
      logger: { write: (r) => records.push(r) },
    });
    expect(await secrets.get('A')).toBe('1');
    expect(records.map((r) => [r.level, r.message])).toEqual([
      ['warn', 'The secrets file is readable by other users; restrict it with chmod 600.'],
    ]);
  });
});

describe('createJsonLogger', () => {
  it('writes one JSON document per record, safely, above the level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (l) => lines.push(l), level: 'info' });
    const data: Record<string, unknown> = {
      n: 10n,
      error: Object.assign(new Error('bad'), { code: 'E1' }),
    };
    data.self = data;
    logger.write({ level: 'debug', message: 'dropped', time: 0 });
    logger.write({ level: 'warn', message: 'careful', plugin: 'p', data, time: 0 });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'warn',
        message: 'careful',
        plugin: 'p',
        data: { n: '10', error: { name: 'Error', message: 'bad', code: 'E1' }, self: '[Circular]' },
      },
    ]);
  });
});

describe('createSystemClock', () => {
  it('runs and cancels real timers', async () => {
    const clock = createSystemClock();
    const fired: string[] = [];
    const cancelled = clock.setTimeout(() => fired.push('cancelled'), 1);
    clock.clearTimeout(cancelled);
    await new Promise<void>((r) => clock.setTimeout(() => r(), 5));
    expect(fired).toEqual([]);
    expect(typeof clock.now()).toBe('number');
  });
});

describe('createNodeServices', () => {
  it('wires the adapters to one root and keeps state and secrets out of fs reach', async () => {
    writeFileSync(join(dir, 'secrets.env'), 'TOKEN=abc\n', { mode: 0o600 });
    const services = createNodeServices({
      root: dir,
      env: { PATH: process.env.PATH, STACK_SECRET_X: 'x', VISIBLE: 'v' },
      secretsFile: 'secrets.env',
      logger: { write: () => {} },
    });
    await services.state.set('p', 'k', { v: 1 });
    await services.fs.writeFile('hello.txt', new TextEncoder().encode('hi'));
    expect(await services.secrets.get('TOKEN')).toBe('abc');
    expect(await services.secrets.get('X')).toBe('x');
    expect(services.env.get('VISIBLE')).toBe('v');
    expect(
      (await services.exec.run('ls', [], { cwd: '.', timeoutMs: 5000 })).stdout.split('\n'),
    ).toContain('hello.txt');
    for (const path of ['secrets.env', '.stack/state']) {
      const error = await services.fs.readFile(path).catch((e) => e);
      expect(isStackPluginError(error) && error.code).toBe('FS_PATH_RESERVED');
    }
    await services.close();
    expect(readdirSync(join(dir, '.stack', 'state'))).toHaveLength(1);
  });
});
