import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTRIBUTION_KINDS,
  MANIFEST_ISSUE_CODES,
  type ManifestIssue,
  type ValidationReport,
  validateManifest,
} from '../src/index.js';

const POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

function resolvePointer(root: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === '') return { found: true, value: root };
  let value: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return { found: false };
    }
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/** Every property the validator promises about its output, whatever the input. */
function expectWellFormed(report: ValidationReport, manifest: unknown, packageJson: unknown): void {
  expect(report.ok).toBe(!report.issues.some((i) => i.severity === 'error'));
  expect(report.fixed).toEqual([]);
  for (const issue of report.issues as ManifestIssue[]) {
    const info = MANIFEST_ISSUE_CODES[issue.code];
    expect(info, issue.code).toBeDefined();
    expect(issue.code).not.toBe('VALIDATOR_INTERNAL');
    expect(issue.severity).toBe(info.severity);
    expect(['stack-plugin.json', 'package.json']).toContain(issue.file);
    expect(issue.path).toMatch(POINTER);
    expect(issue.message.trim().length).toBeGreaterThan(0);
    expect(issue.hint.trim().length).toBeGreaterThan(0);
    if (issue.fixable) expect(info.fixable).toBe(true);
    // The pointer lands in the file: on the value, or on a missing key of an existing parent.
    const document = issue.file === 'stack-plugin.json' ? manifest : packageJson;
    if (issue.path !== '' && !issue.code.endsWith('_MISSING')) {
      const parent = issue.path.slice(0, issue.path.lastIndexOf('/'));
      expect(resolvePointer(document, parent).found, `${issue.code} ${issue.path}`).toBe(true);
    }
  }
}

const anyPermission = fc.oneof(
  fc.string(),
  fc
    .constantFrom(
      'fs:read:',
      'fs:write:',
      'net:',
      'env:',
      'secret:',
      'exec:',
      'events:emit:',
      'events:on:',
      'state',
      'STATE:',
    )
    .chain((p) => fc.string().map((s) => p + s)),
);

const schemaLike = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('object', 'string', 'integer', 'nope'), fc.jsonValue()),
      properties: fc.dictionary(
        fc.string(),
        fc.record(
          { type: fc.constantFrom('string', 'number'), default: fc.jsonValue() },
          { requiredKeys: [] },
        ),
      ),
      required: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
      pattern: fc.string(),
      $ref: fc.constantFrom('#', '#/properties/a', '#/$defs/x', 'http://example.com/s'),
      $id: fc.constantFrom('https://json-schema.org/draft/2020-12/schema', 'urn:x', 'a'),
      default: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

const contribution = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'a', 'b.c', 'x-y'), fc.string(), fc.jsonValue()),
    input: schemaLike,
    output: schemaLike,
    config: schemaLike,
    payload: schemaLike,
    steps: fc.array(
      fc.record(
        {
          id: fc.constantFrom('s1', 's2', 's3'),
          uses: fc.oneof(fc.constantFrom('steps:a', 'commands:b.c', 'x', 'bad:'), fc.string()),
          needs: fc.oneof(fc.array(fc.constantFrom('s1', 's2', 's3', 'zz')), fc.jsonValue()),
          retries: fc.oneof(fc.integer(), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: [] },
);

const manifestShaped = fc.record(
  {
    $schema: fc.oneof(fc.string(), fc.jsonValue()),
    category: fc.oneof(
      fc.constantFrom('integration', 'workflow', 'ui', 'skill', 'micro'),
      fc.jsonValue(),
    ),
    host: fc.oneof(fc.constantFrom('^1.0.0', '>=1 <2', '*'), fc.string(), fc.jsonValue()),
    main: fc.oneof(fc.constantFrom('index.js', '../x.js', '/abs.js', ''), fc.jsonValue()),
    isolation: fc.oneof(fc.constantFrom('none', 'limited', 'strict'), fc.jsonValue()),
    permissions: fc.oneof(fc.array(anyPermission), fc.array(fc.jsonValue()), fc.jsonValue()),
    limits: fc.oneof(
      fc.record({ timeoutMs: fc.jsonValue(), memoryMb: fc.integer() }, { requiredKeys: [] }),
      fc.jsonValue(),
    ),
    requires: fc.oneof(
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.jsonValue())),
      fc.jsonValue(),
    ),
    config: schemaLike,
    contributes: fc.oneof(
      fc.record(
        Object.fromEntries(
          CONTRIBUTION_KINDS.map((k) => [
            k,
            fc.oneof(fc.array(contribution, { maxLength: 3 }), fc.jsonValue()),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    name: fc.string(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const packageShaped = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      name: fc.oneof(
        fc.constantFrom('stack-plugin-x', '@a/b', 'UPPER', '_x', 'fs', '@/x', ''),
        fc.string(),
        fc.jsonValue(),
      ),
      version: fc.oneof(fc.constantFrom('1.0.0', '1.0', 'v1.0.0'), fc.jsonValue()),
      keywords: fc.oneof(fc.array(fc.constantFrom('stack-plugin', 'x')), fc.jsonValue()),
      engines: fc.oneof(
        fc.record(
          { node: fc.oneof(fc.constantFrom('>=22.12', '>=18', 'banana'), fc.jsonValue()) },
          { requiredKeys: [] },
        ),
        fc.jsonValue(),
      ),
      main: fc.oneof(fc.constantFrom('index.js', 'dist/index.js', '../x'), fc.jsonValue()),
      exports: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

describe('validateManifest never throws and always yields well-formed issues', () => {
  it('for arbitrary JSON in both files', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (manifest, packageJson) => {
        expectWellFormed(validateManifest({ manifest, packageJson }), manifest, packageJson);
      }),
      { numRuns: 300 },
    );
  });

  it('for arbitrary manifest-shaped JSON', () => {
    fc.assert(
      fc.property(manifestShaped, packageShaped, fc.boolean(), (manifest, packageJson, exists) => {
        const report = validateManifest({ manifest, packageJson, fileExists: () => exists });
        expectWellFormed(report, manifest, packageJson);
      }),
      { numRuns: 400 },
    );
  });

  it('for values that are not JSON at all', () => {
    const cyclic: Record<string, unknown> = { category: 'micro' };
    cyclic.self = cyclic;
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const inputs: unknown[] = [
      undefined,
      null,
      42,
      'text',
      [],
      { manifest: cyclic, packageJson: {} },
      { manifest: { contributes: deep }, packageJson: deep },
      {
        manifest: { permissions: ['x'.repeat(1_000_000)], host: 'y'.repeat(100_000) },
        packageJson: {},
      },
      {
        manifest: { config: { type: 'object', properties: { a: { $ref: '#' } } } },
        packageJson: {},
      },
      { manifest: hostile, packageJson: hostile },
      { manifest: { category: 10n, host: Symbol('x'), main: () => 1 }, packageJson: { name: 10n } },
      {
        manifest: {},
        packageJson: {},
        fileExists: () => {
          throw new Error('disk on fire');
        },
      },
    ];
    for (const input of inputs) {
      const report = validateManifest(input as Parameters<typeof validateManifest>[0]);
      expect(typeof report.ok).toBe('boolean');
      for (const issue of report.issues) expect(MANIFEST_ISSUE_CODES[issue.code]).toBeDefined();
    }
    const deepReport = validateManifest({ manifest: { contributes: deep }, packageJson: {} });
    expect(deepReport.issues.map((i) => i.code)).toContain('MANIFEST_TOO_DEEP');
    const cyclicReport = validateManifest({ manifest: cyclic, packageJson: {} });
    expect(cyclicReport.issues.find((i) => i.code === 'MANIFEST_TOO_DEEP')?.path).toBe('/self');
  });
});
