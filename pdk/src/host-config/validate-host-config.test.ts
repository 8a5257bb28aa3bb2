import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PERMISSION_RISKS } from '../capabilities/capability-descriptor.js';
import { HOST_CONFIG_SCHEMA_ID } from './host-config-constants.js';
import { generatedHostConfigJsonSchema } from './host-config-schema.js';
import { validateHostConfig } from './validate-host-config.js';

const schemaFile = new URL('../../schema/stack-config.schema.json', import.meta.url);

describe('validateHostConfig', () => {
  it('accepts a complete config', () => {
    expect(
      validateHostConfig({
        $schema: './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json',
        plugins: [
          { path: '..', config: { retries: 3 }, isolation: 'strict', enabled: false },
          { package: '@acme/notes' },
        ],
        policy: {
          minIsolation: 'limited',
          maxTimeoutMs: 1000,
          maxMemoryMb: 64,
          requireSignatures: true,
          trustedKeys: ['k1'],
        },
        discover: { folders: ['plugins'], installed: true },
        db: { url: 'postgres://stack@127.0.0.1:5432/stack' },
        workflows: [{ id: 'nightly', steps: [{ id: 'a', uses: 'notes.sync' }] }],
      }),
    ).toEqual({ ok: true, issues: [] });
    expect(validateHostConfig({})).toEqual({ ok: true, issues: [] });
  });

  it('reports every problem at once, with JSON Pointers, hints and a did-you-mean', () => {
    expect(
      validateHostConfig({
        polcy: { minIsolation: 'strict' },
        plugins: [
          { path: 'a', package: 'b' },
          { config: {} },
          { path: 'c', isolaton: 'strict' },
          { path: 'd', isolation: 'paranoid' },
        ],
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          code: 'HOST_CONFIG_UNKNOWN_FIELD',
          path: '/polcy',
          message: '"polcy" is not a field of the host config, so it would be ignored.',
          hint: 'Did you mean "policy"?',
        },
        {
          code: 'HOST_CONFIG_PLUGIN_SOURCE',
          path: '/plugins/0',
          message:
            '"/plugins/0" needs exactly one of "path" and "package"; it has "path" and "package".',
          hint: 'Expected: One plugin to load: exactly one of "path" (a folder) and "package" (installed).',
        },
        {
          code: 'HOST_CONFIG_PLUGIN_SOURCE',
          path: '/plugins/1',
          message: '"/plugins/1" needs exactly one of "path" and "package"; it has none.',
          hint: 'Expected: One plugin to load: exactly one of "path" (a folder) and "package" (installed).',
        },
        {
          code: 'HOST_CONFIG_UNKNOWN_FIELD',
          path: '/plugins/2/isolaton',
          message: '"isolaton" is not a field of "/plugins/2", so it would be ignored.',
          hint: 'Did you mean "isolation"?',
        },
        {
          code: 'HOST_CONFIG_SCHEMA',
          path: '/plugins/3/isolation',
          message: 'The value "paranoid" must be one of "none", "limited", "strict".',
          hint: "Expected: Raise this plugin's isolation: none, limited or strict. Never lowers what its manifest asks for.",
        },
      ],
    });
  });

  it('takes a PostgreSQL URL as "db" and nothing else', () => {
    const paths = (value: unknown) =>
      validateHostConfig({ db: value }).issues.map((issue) => [issue.code, issue.path]);
    expect(paths({ url: 'mysql://x@h/db' })).toEqual([['HOST_CONFIG_SCHEMA', '/db/url']]);
    expect(paths({ uri: 'postgres://x@h/db' })).toEqual([
      ['HOST_CONFIG_FIELD_MISSING', '/db/url'],
      ['HOST_CONFIG_UNKNOWN_FIELD', '/db/uri'],
    ]);
    expect(paths({ url: 'postgresql://x@h/db' })).toEqual([]);
  });

  it('checks the governance policy: lists, risk levels, isolation by risk, mode', () => {
    const governance = {
      mode: 'warn',
      plugins: { allow: ['@acme/*'], deny: ['@acme/legacy'] },
      publishers: { allow: ['key-a'], deny: ['key-b'] },
      maxRisk: { default: 'high', plugins: { '@acme/deploy': 'critical' } },
      isolationByRisk: { high: 'limited', critical: 'strict' },
    };
    expect(validateHostConfig({ policy: governance })).toEqual({ ok: true, issues: [] });
    expect(
      validateHostConfig({
        policy: {
          mode: 'audit',
          plugins: { alow: ['x'] },
          maxRisk: { default: 'extreme', plugin: {} },
          isolationByRisk: { critcal: 'strict', high: 'sandboxed' },
        },
      }).issues.map((i) => [i.code, i.path, i.message, i.hint]),
    ).toEqual([
      [
        'HOST_CONFIG_SCHEMA',
        '/policy/mode',
        'The value "audit" must be one of "enforce", "warn".',
        expect.stringContaining('"warn" loads it and reports the violation'),
      ],
      [
        'HOST_CONFIG_UNKNOWN_FIELD',
        '/policy/plugins/alow',
        '"alow" is not a field of "/policy/plugins", so it would be ignored.',
        'Did you mean "allow"?',
      ],
      [
        'HOST_CONFIG_UNKNOWN_FIELD',
        '/policy/maxRisk/plugin',
        '"plugin" is not a field of "/policy/maxRisk", so it would be ignored.',
        'Did you mean "plugins"?',
      ],
      [
        'HOST_CONFIG_SCHEMA',
        '/policy/maxRisk/default',
        'The value "extreme" must be one of "low", "medium", "high", "critical".',
        expect.any(String),
      ],
      [
        'HOST_CONFIG_UNKNOWN_FIELD',
        '/policy/isolationByRisk/critcal',
        '"critcal" is not a field of "/policy/isolationByRisk", so it would be ignored.',
        'Did you mean "critical"?',
      ],
      [
        'HOST_CONFIG_SCHEMA',
        '/policy/isolationByRisk/high',
        'The value "sandboxed" must be one of "none", "limited", "strict".',
        expect.any(String),
      ],
    ]);
  });

  it('offers every governance key and risk level to editors ($schema completion)', () => {
    // The published file is what editors complete from.
    interface Node {
      properties: Record<string, Node>;
      enum?: string[];
      description?: string;
    }
    const published = JSON.parse(readFileSync(schemaFile, 'utf8')) as Node;
    const policy = published.properties.policy as Node;
    expect(Object.keys(policy.properties)).toEqual(
      expect.arrayContaining(['mode', 'plugins', 'publishers', 'maxRisk', 'isolationByRisk']),
    );
    const prop = (node: Node, key: string) => node.properties[key] as Node;
    expect(Object.keys(prop(policy, 'isolationByRisk').properties)).toEqual([...PERMISSION_RISKS]);
    expect(prop(prop(policy, 'maxRisk'), 'default').enum).toEqual([...PERMISSION_RISKS]);
    for (const key of ['mode', 'plugins', 'publishers', 'maxRisk', 'isolationByRisk']) {
      expect(prop(policy, key).description, key).toMatch(/\S{10}/);
    }
  });

  it('refuses what is not an object, and never throws', () => {
    expect(validateHostConfig([]).issues.map((i) => [i.code, i.path])).toEqual([
      ['HOST_CONFIG_SCHEMA', ''],
    ]);
    expect(validateHostConfig(null).ok).toBe(false);
    expect(validateHostConfig({ plugins: 'all' }).issues[0]?.path).toBe('/plugins');
  });
});

describe('published host config JSON Schema', () => {
  it('is exactly what the TypeBox definition generates (run `npm run schema -w @stack-plugin/pdk`)', () => {
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(generatedHostConfigJsonSchema);
  });

  it('is exported as @stack-plugin/pdk/config-schema.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./config-schema.json']).toBe('./schema/stack-config.schema.json');
  });

  it('is a valid draft 2020-12 schema that compiles in strict mode, with valid examples', () => {
    const ajv = new Ajv2020({ strict: true, allowMatchingProperties: true });
    expect(generatedHostConfigJsonSchema.$id).toBe(HOST_CONFIG_SCHEMA_ID);
    expect(ajv.validateSchema(generatedHostConfigJsonSchema)).toBe(true);
    for (const example of generatedHostConfigJsonSchema.examples as unknown[]) {
      expect(validateHostConfig(example)).toEqual({ ok: true, issues: [] });
    }
  });
});
