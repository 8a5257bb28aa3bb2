import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA_URL, validateManifest } from '../src/index.js';

const packageJson = {
  name: 'stack-plugin-demo',
  version: '1.0.0',
  description: 'Demo.',
  keywords: ['stack-plugin'],
  engines: { node: '>=22.12' },
};
const base = { $schema: MANIFEST_SCHEMA_URL, category: 'micro', host: '^1.0.0' };
const check = (manifest: Record<string, unknown>) =>
  validateManifest({ manifest: { ...base, ...manifest }, packageJson });

describe('validateManifest issues say what, why and what to do', () => {
  it('suggests the field a typo meant', () => {
    expect(check({ permisions: [] })).toEqual({
      ok: false,
      fixed: [],
      issues: [
        {
          severity: 'error',
          code: 'MANIFEST_UNKNOWN_FIELD',
          file: 'stack-plugin.json',
          path: '/permisions',
          message: '"permisions" is not a field of the manifest, so it would be ignored.',
          hint: 'Did you mean "permissions"?',
        },
      ],
    });
  });

  it('lists allowed values of enums', () => {
    expect(check({ isolation: 'sandbox' }).issues).toEqual([
      {
        severity: 'error',
        code: 'MANIFEST_SCHEMA',
        file: 'stack-plugin.json',
        path: '/isolation',
        message: 'The value "sandbox" must be one of "none", "limited", "strict".',
        hint: 'Expected: The least isolation the plugin accepts: none (in the host process), limited (worker with a broker) or strict (separate process with OS-level restrictions). The host may isolate more, never less.',
      },
    ]);
  });

  it('warns about config defaults that fail their own schema, through $ref too', () => {
    const report = check({
      config: {
        type: 'object',
        $defs: { port: { type: 'integer', minimum: 1 } },
        properties: {
          port: { $ref: '#/$defs/port', default: 0 },
          host: { type: 'string', default: 'localhost' },
          tags: { type: 'array', items: { type: 'string' }, default: ['a', 1] },
        },
      },
    });
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual([
      {
        severity: 'warning',
        code: 'CONFIG_DEFAULT_INVALID',
        file: 'stack-plugin.json',
        path: '/config/properties/port/default',
        message:
          'The default 0 does not match its own schema (must be >= 1), so every user who keeps it gets a configuration error.',
        hint: 'Change the default to a value the schema accepts, or fix the schema.',
      },
      {
        severity: 'warning',
        code: 'CONFIG_DEFAULT_INVALID',
        file: 'stack-plugin.json',
        path: '/config/properties/tags/default',
        message:
          'The default ["a",1] does not match its own schema (/1 must be string), so every user who keeps it gets a configuration error.',
        hint: 'Change the default to a value the schema accepts, or fix the schema.',
      },
    ]);
  });

  it('reports risky permissions with their risk level', () => {
    expect(check({ isolation: 'strict', permissions: ['fs:write:**'] }).issues).toEqual([
      {
        severity: 'warning',
        code: 'PERMISSION_RISKY',
        file: 'stack-plugin.json',
        path: '/permissions/0',
        message:
          '"fs:write:**" may overwrite any file, including scripts that other tools execute (risk: critical).',
        hint: 'Grant only what the plugin uses, such as specific folders, hosts or commands; keep it if it is really needed.',
      },
    ]);
  });

  it('escapes JSON Pointer segments', () => {
    const report = check({ requires: { 'a/b~c': '^1.0.0' } });
    expect(report.issues.map((i) => [i.code, i.path])).toEqual([
      ['REQUIRES_NAME_INVALID', '/requires/a~1b~0c'],
    ]);
  });

  it('accepts embedded schemas with their own $id without disturbing later validations', () => {
    const withId = {
      $id: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string', default: 'x' } },
    };
    expect(check({ config: withId }).issues).toEqual([]);
    expect(check({ config: withId }).issues).toEqual([]);
    // The meta-schema still works: an invalid schema is still caught afterwards.
    expect(
      check({ contributes: { commands: [{ id: 'a', input: { type: 'objekt' } }] } }).issues.map(
        (i) => i.code,
      ),
    ).toEqual(['JSON_SCHEMA_INVALID']);
  });

  it('finds the entry through package.json exports when there is no main', () => {
    const seen: string[] = [];
    const report = validateManifest({
      manifest: base,
      packageJson: { ...packageJson, exports: { '.': { import: './dist/index.js' } } },
      fileExists: (path) => {
        seen.push(path);
        return false;
      },
    });
    expect(seen).toEqual(['dist/index.js']);
    expect(report.issues.map((i) => [i.file, i.code, i.path])).toEqual([
      ['package.json', 'ENTRY_NOT_FOUND', '/exports/./import'],
    ]);
  });

  it('warns, not fails, when nothing is built yet, and says how to build', () => {
    const report = validateManifest({ manifest: base, packageJson, fileExists: () => false });
    expect(report.ok).toBe(true);
    expect(report.issues).toMatchObject([
      {
        severity: 'warning',
        code: 'ENTRY_NOT_FOUND',
        hint: expect.stringMatching(/npm run build/),
      },
    ]);
  });

  it('refuses a host range that no host API version the kit knows satisfies', () => {
    expect(check({ host: '^2.0.0' }).issues).toEqual([
      {
        severity: 'error',
        code: 'HOST_RANGE_UNSATISFIABLE',
        file: 'stack-plugin.json',
        path: '/host',
        message:
          '"host" "^2.0.0" allows none of the host API versions this kit knows (1.0.0), so no host would load the plugin.',
        hint: 'Use a range that includes the current host API, such as "^1.0.0".',
      },
    ]);
    for (const host of ['^1.0.0', '>=1', '1.x || 2.x', '*']) expect(check({ host }).ok).toBe(true);
  });

  it('flags a workflow cycle once, with the path of the cycle', () => {
    const report = check({
      contributes: {
        steps: [{ id: 's' }],
        workflows: [
          {
            id: 'w',
            steps: [
              { id: 'a', uses: 'steps:s', needs: ['c'] },
              { id: 'b', uses: 'steps:s', needs: ['a'] },
              { id: 'c', uses: 'steps:s', needs: ['b'] },
            ],
          },
        ],
      },
    });
    expect(report.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'WORKFLOW_CYCLE',
        '/contributes/workflows/0/steps/0/needs',
        'Steps need each other in a cycle (a -> c -> b -> a), so none of them can start.',
      ],
    ]);
  });
});
