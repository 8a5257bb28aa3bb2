import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  MANIFEST_ISSUE_CODES,
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  validateManifest,
} from '../src/index.js';
import { generatedManifestJsonSchema } from '../src/manifest/manifest-schema.js';

const schemaFile = fileURLToPath(new URL('../schema/stack-plugin.schema.json', import.meta.url));

describe('published manifest JSON Schema', () => {
  it('is exactly what the TypeBox definition generates (run `npm run schema -w @stack-plugin/pdk`)', () => {
    expect(JSON.parse(readFileSync(schemaFile, 'utf8'))).toEqual(generatedManifestJsonSchema);
    // The exported schema (used by the validator) is that file.
    expect(manifestJsonSchema).toEqual(generatedManifestJsonSchema);
  });

  it('is exported as @stack-plugin/pdk/schema.json and shipped in the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./schema.json']).toBe('./schema/stack-plugin.schema.json');
    expect(pkg.files).toContain('schema');
  });

  it('is a valid draft 2020-12 schema that compiles in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, allowMatchingProperties: true });
    expect(manifestJsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(manifestJsonSchema.$id).toBe(MANIFEST_SCHEMA_ID);
    expect(ajv.validateSchema(manifestJsonSchema)).toBe(true);
    expect(() => ajv.compile(manifestJsonSchema)).not.toThrow();
  });

  it('documents every property for editors (a description on each)', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (typeof n.properties === 'object' && n.properties !== null) {
        for (const [key, child] of Object.entries(n.properties)) {
          if (typeof (child as { description?: unknown }).description !== 'string') {
            undocumented.push(`${path}/${key}`);
          }
          walk(child, `${path}/${key}`);
        }
      }
      if (n.items !== undefined) walk(n.items, `${path}/items`);
    };
    walk(manifestJsonSchema, '');
    expect(undocumented).toEqual([]);
  });

  it('has examples that are valid manifests', () => {
    const examples = manifestJsonSchema.examples as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    for (const manifest of examples) {
      const report = validateManifest({
        manifest,
        packageJson: {
          name: 'x-plugin',
          version: '1.0.0',
          description: 'x',
          keywords: ['stack-plugin'],
          engines: { node: '>=22.12' },
        },
      });
      expect(report.issues).toEqual([]);
    }
  });
});

describe('README', () => {
  it('documents every issue code with its severity and fixability', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` +\| (error|warning) +\| +(yes)? *\|/gm)].map(
      ([, code, severity, fix]) => [code, severity, fix === 'yes'],
    );
    expect(rows).toEqual(
      Object.entries(MANIFEST_ISSUE_CODES).map(([code, info]) => [
        code,
        info.severity,
        info.fixable,
      ]),
    );
  });
});
