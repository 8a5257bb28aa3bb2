// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are config and workflow templates, not JS ones.
import { afterEach, describe, expect, it } from 'vitest';
import { configEnvName, createHost, type Host } from '../src/index.js';
import { resolvePluginConfig, SchemaValidator } from '../src/internal.js';
import { fixture, testServices } from './_support.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

const schema = {
  type: 'object',
  properties: {
    endpoint: { type: 'string', default: 'https://default.example.com' },
    retries: { type: 'integer', default: 1 },
    verbose: { type: 'boolean', default: false },
    db: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } } },
  },
  additionalProperties: false,
};

describe('config resolution', () => {
  const validator = new SchemaValidator();

  it('layers schema defaults < file < environment < runtime', () => {
    expect(
      resolvePluginConfig(
        {
          plugin: '@acme/notes',
          schema,
          file: {
            endpoint: 'https://file.example.com',
            retries: 2,
            db: { host: 'file-db', port: 1 },
          },
          env: {
            STACK_PLUGIN_ZAACMEZSNOTES__RETRIES: '3',
            STACK_PLUGIN_ZAACMEZSNOTES__DB__PORT: '5432',
            STACK_PLUGIN_ZAACMEZSNOTES__VERBOSE: 'true',
          },
          runtime: { retries: 4 },
        },
        validator,
      ),
    ).toEqual({
      endpoint: 'https://file.example.com',
      retries: 4,
      verbose: true,
      db: { host: 'file-db', port: 5432 },
    });
  });

  it('names environment overrides after the plugin and key path', () => {
    expect(configEnvName('@acme/notes-app', ['apiUrl'])).toBe(
      'STACK_PLUGIN_ZAACMEZSNOTES_APP__APIZCURL',
    );
    expect(configEnvName('plain', ['db', 'host'])).toBe('STACK_PLUGIN_PLAIN__DB__HOST');
  });

  it('substitutes ${env.X} and ${config.x}, keeping types for whole references', () => {
    expect(
      resolvePluginConfig(
        {
          plugin: 'p',
          schema,
          file: {
            endpoint: 'https://${env.API_HOST}/v1',
            retries: '${config.db.port}',
            db: { host: '${env.API_HOST}', port: 7 },
          },
          env: { API_HOST: 'api.example.com' },
        },
        validator,
      ),
    ).toEqual({
      endpoint: 'https://api.example.com/v1',
      retries: 7,
      verbose: false,
      db: { host: 'api.example.com', port: 7 },
    });
  });

  it.each([
    [
      { retries: 'many' },
      {},
      'The configuration of "p" does not match its schema: /retries must be integer.',
    ],
    [
      { unknown: 1 },
      {},
      'The configuration of "p" does not match its schema: (root) must NOT have additional properties ("unknown").',
    ],
    [
      { endpoint: '${env.MISSING}' },
      {},
      'The configuration of "p" does not match its schema: ${env.MISSING} refers to MISSING, which is not set.',
    ],
    [
      {},
      { STACK_PLUGIN_P__DB: '{"host":"a"}', STACK_PLUGIN_P__DB__PORT: '1' },
      'The configuration of "p" does not match its schema: STACK_PLUGIN_P__DB overrides the whole "db" and variables for keys inside it are set too; set one or the other.',
    ],
    [
      {},
      { STACK_PLUGIN_P__RETRIES: 'lots' },
      'The configuration of "p" does not match its schema: /retries must be integer.',
    ],
  ])('rejects %o with CONFIG_INVALID', (file, env, message) => {
    expect(() => resolvePluginConfig({ plugin: 'p', schema, file, env }, validator)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', plugin: 'p', message }),
    );
  });

  it('gives the plugin its resolved, frozen config and fails startup on invalid config', async () => {
    const ok = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'configured', config: { label: '${env.LABEL}', retries: 5 } }] },
      services: testServices(),
      env: { LABEL: 'from-env', STACK_PLUGIN_CONFIGURED__VERBOSE: '1' },
    });
    hosts.push(ok);
    await ok.start();
    expect(await ok.execute('cfg.get')).toEqual({
      endpoint: 'https://default.example.com',
      retries: 5,
      verbose: true,
      label: 'from-env',
    });
    const bad = createHost({
      root: fixture('.'),
      config: { plugins: [{ path: 'configured', config: { retries: -1 } }] },
      services: testServices(),
      env: {},
    });
    hosts.push(bad);
    const error = (await bad.start().catch((e: unknown) => e)) as Error & { cause: AggregateError };
    expect(error.cause.errors.map((e: Error & { code: string }) => [e.code, e.message])).toEqual([
      [
        'CONFIG_INVALID',
        'The configuration of "configured" does not match its schema: /retries must be >= 0.',
      ],
    ]);
  });

  it('lets runtime parameters given to load() win', async () => {
    const host = createHost({
      root: fixture('.'),
      config: { plugins: [] },
      services: testServices(),
      env: {},
    });
    hosts.push(host);
    await host.start();
    await host.load({ path: 'configured' }, { config: { retries: 9 } });
    expect(await host.execute('cfg.get')).toMatchObject({ retries: 9 });
  });
});
