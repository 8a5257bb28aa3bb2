import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA_URL } from './manifest-constants.js';
import { validateManifest } from './validate-manifest.js';

const packageJson = {
  name: 'stack-plugin-demo',
  version: '1.0.0',
  description: 'Demo.',
  keywords: ['stack-plugin'],
  engines: { node: '>=22.12' },
};

const defaultIssues = (config: Record<string, unknown>) =>
  validateManifest({
    manifest: { $schema: MANIFEST_SCHEMA_URL, category: 'micro', host: '^1.0.0', config },
    packageJson,
  }).issues.map(({ code, path, message }) => ({ code, path, message }));

describe('defaults checked against their own schema', () => {
  it('reports a default that fails, with what the schema says (plain schema)', () => {
    expect(
      defaultIssues({
        type: 'object',
        properties: { retries: { type: 'integer', minimum: 0, default: -1 } },
      }),
    ).toEqual([
      {
        code: 'CONFIG_DEFAULT_INVALID',
        path: '/config/properties/retries/default',
        message:
          'The default -1 does not match its own schema (must be >= 0), so every user who keeps it gets a configuration error.',
      },
    ]);
  });

  it('reports a default that fails a keyword only ajv checks (format)', () => {
    expect(
      defaultIssues({
        type: 'object',
        properties: { contact: { type: 'string', format: 'email', default: 'nobody' } },
      }),
    ).toEqual([
      {
        code: 'CONFIG_DEFAULT_INVALID',
        path: '/config/properties/contact/default',
        message:
          'The default "nobody" does not match its own schema (must match format "email"), so every user who keeps it gets a configuration error.',
      },
    ]);
  });

  it('keeps nested properties named like annotations ("title", "default") in the schema', () => {
    const config = {
      type: 'object',
      properties: { title: { type: 'string' }, default: { type: 'integer' } },
      default: { title: 5, default: 'x' },
    };
    expect(defaultIssues(config).map((issue) => issue.code)).toEqual(['CONFIG_DEFAULT_INVALID']);
    // And annotation-named keys inside enum values are data, not annotations.
    expect(
      defaultIssues({
        type: 'object',
        properties: { mode: { enum: [{ title: 'a' }], default: { title: 'a' } } },
      }),
    ).toEqual([]);
  });
});
